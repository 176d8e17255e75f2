/**
 * Every resource and data source of the infomaniakmail provider. Add a new one by
 * importing it here and listing it: the provider serves it, and the docs generator
 * (scripts/generate-docs.ts) documents it from its schema.
 */
import type { AnyDataSource, AnyResource } from '../framework/provider';
import { accessPolicy } from './access-policy';
import { addressAccessDataSource } from './access-snapshot';
import { addressDataSource, addressResource } from './address';
import type { MailContext } from './context';
import { deviceResource } from './device';
import { devicesDataSource } from './devices';
import { userAccess } from './user-access';
import { users } from './users';

export const resources: readonly AnyResource<MailContext>[] = [
  addressResource,
  deviceResource,
  userAccess,
  accessPolicy,
];

export const dataSources: readonly AnyDataSource<MailContext>[] = [
  addressDataSource,
  addressAccessDataSource,
  devicesDataSource,
  users,
];

export type { MailContext } from './context';
export { kit } from './context';
