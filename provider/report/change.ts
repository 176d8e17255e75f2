/**
 * One resource change of a plan, reduced to what analyzers need: the action, and the
 * before/after values with every sensitive part already removed (redact.ts).
 */
import type { Attributes } from './fields';
import type { Directory } from './directory';
import type {
  AccessChange,
  AddressChange,
  DeviceCreated,
  DeviceRegenerated,
  DeviceRelabelled,
  DeviceReplaced,
  DeviceRevoked,
  Drift,
  Forgotten,
  InvitationChange,
  Note,
  PermissionChange,
  UnmanagedDevice,
  UnmanagedUser,
} from './model';
import type { ResourceChange } from './plan-json';
import { visibleObject } from './redact';

export type Action = 'create' | 'delete' | 'update' | 'replace' | 'no-op' | 'read' | 'forget' | 'other';

export interface Change {
  readonly stack: string;
  /** The terraform resource address, e.g. `module.mail.infomaniakmail_device.crm`. */
  readonly resource: string;
  readonly type: string;
  readonly action: Action;
  /** For a replacement: terraform creates the new object before destroying the old one. */
  readonly newFirst: boolean;
  readonly before: Attributes;
  readonly after: Attributes;
  /** terraform's `after_unknown` mask: true where the value is known only after apply. */
  readonly afterUnknown: unknown;
  readonly replacePaths: readonly (readonly (string | number)[])[];
  /** The plan's timestamp (RFC 3339), for password ages and idle devices. */
  readonly planTime: string | null;
  /** Devices unused for more days than this are called out. */
  readonly staleDays: number;
  readonly directory: Directory;
}

export function actionOf(actions: readonly string[]): Action {
  const list = actions.join(',');
  switch (list) {
    case 'create':
    case 'delete':
    case 'update':
    case 'no-op':
    case 'read':
    case 'forget':
      return list;
    case 'delete,create':
    case 'create,delete':
      return 'replace';
    default:
      return 'other';
  }
}

export function toChange(
  stack: string,
  rc: ResourceChange,
  planTime: string | null,
  staleDays: number,
  directory: Directory,
): Change {
  const c = rc.change;
  return {
    stack,
    resource: rc.address,
    type: rc.type,
    action: actionOf(c.actions),
    newFirst: c.actions.join(',') === 'create,delete',
    before: visibleObject(c.before, c.before_sensitive),
    after: visibleObject(c.after, c.after_sensitive),
    afterUnknown: c.after_unknown,
    replacePaths: c.replace_paths ?? [],
    planTime,
    staleDays,
    directory,
  };
}

/** Where analyzers put what they find; build.ts sorts and counts it. */
export interface Collector {
  readonly addressesCreated: AddressChange[];
  readonly addressesRemoved: AddressChange[];
  readonly granted: AccessChange[];
  readonly removed: AccessChange[];
  readonly permissionsChanged: PermissionChange[];
  readonly invitationsCreated: InvitationChange[];
  readonly invitationsDropped: InvitationChange[];
  readonly devicesCreated: DeviceCreated[];
  readonly devicesRegenerated: DeviceRegenerated[];
  readonly devicesReplaced: DeviceReplaced[];
  readonly devicesRevoked: DeviceRevoked[];
  readonly devicesRelabelled: DeviceRelabelled[];
  readonly unmanagedDevices: UnmanagedDevice[];
  readonly unmanagedUsers: UnmanagedUser[];
  readonly drift: Drift[];
  readonly forgotten: Forgotten[];
  readonly notes: Note[];
}

export function newCollector(): Collector {
  return {
    addressesCreated: [],
    addressesRemoved: [],
    granted: [],
    removed: [],
    permissionsChanged: [],
    invitationsCreated: [],
    invitationsDropped: [],
    devicesCreated: [],
    devicesRegenerated: [],
    devicesReplaced: [],
    devicesRevoked: [],
    devicesRelabelled: [],
    unmanagedDevices: [],
    unmanagedUsers: [],
    drift: [],
    forgotten: [],
    notes: [],
  };
}
