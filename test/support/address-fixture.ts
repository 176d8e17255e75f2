/** An `Address` as the client returns it, for unit tests: `over` changes what a test is about. */
import type { Address } from '../../provider/infomaniak';

export function addressFixture(mailboxName: string, over: Partial<Address> = {}): Address {
  return {
    mailboxName,
    email: `${mailboxName}@exemple.ch`,
    asciiEmail: `${mailboxName}@exemple.ch`,
    note: null,
    hasGenericPassword: false,
    accessRights: undefined,
    ...over,
  };
}
