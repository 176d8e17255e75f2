import { DiagnosticError } from '../framework';
import { parseAddressId } from './address';

describe('parseAddressId', () => {
  it('reads HOSTING/MAILBOX', () => {
    expect(parseAddressId('1234567/contact')).toEqual({
      mail_hosting_id: 1234567,
      mailbox_name: 'contact',
      delete_mailbox_on_destroy: false,
    });
  });

  it('refuses other forms, naming the expected one', () => {
    expect(() => parseAddressId('contact')).toThrow(DiagnosticError);
    try {
      parseAddressId('1234567/contact/7');
    } catch (error) {
      expect((error as DiagnosticError).detail).toContain('MAIL_HOSTING_ID/MAILBOX_NAME');
    }
  });
});
