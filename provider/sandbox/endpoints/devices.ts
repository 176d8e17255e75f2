/**
 * Device accesses: list, create (a new Device, or an existing one given
 * `device_id`), regenerate, revoke (one, all, a user's), and the Device label.
 *
 * A password is answered by create and regenerate only, and the store keeps
 * nothing but its hash. Regenerate keeps the access id; the old secret stops
 * working at once. The generic password (the access of a `legacy` Device) is never
 * regenerated, and only its owner (when one is set) may revoke it.
 */
import {
  createDeviceBody,
  errorCodes,
  listedDeviceTypeSchema,
  updateDeviceLabelBody,
  devicePasswordSchema,
  type ListedDeviceType,
} from '../../infomaniak/wire';
import { ApiError, accessDenied } from '../errors';
import { generatePassword } from '../passwords';
import { isLegacy, type DeviceAccessRecord, type DeviceRecord, type MailboxRecord } from '../state';
import type { Store } from '../store';
import { deviceAccessView, mayRevokeLegacy, type Viewer } from '../views';
import {
  booleanParam,
  enumParam,
  idParam,
  ok,
  paginate,
  parseBody,
  withParam,
  type Endpoint,
  type EndpointContext,
} from './endpoint';

function listReply(
  ctx: EndpointContext,
  keep: (access: DeviceAccessRecord, device?: DeviceRecord) => boolean,
) {
  const { store, params, query, viewer } = ctx;
  const hosting = store.hosting(params.hosting);
  const mailbox = store.mailbox(hosting, params.mailbox);
  const withs = withParam(query);
  const include = { device: withs.has('device'), userAccess: withs.has('user_access') };
  const type = enumParam<ListedDeviceType>(query, 'type', listedDeviceTypeSchema.options);
  const userId = idParam(query, 'user_id');
  const noUser = booleanParam(query, 'no_user');
  const search = (query.get('search') ?? '').toLowerCase();
  const items = mailbox.device_accesses
    .filter((access) => {
      const device = store.findDevice(access.device_id);
      if (!keep(access, device)) return false;
      if (type !== undefined && device?.type !== type) return false;
      if (userId !== undefined && device?.user_id !== userId) return false;
      if (noUser === true && device?.user_id != null) return false;
      if (search !== '' && !(device?.label.toLowerCase().includes(search) ?? false)) return false;
      return true;
    })
    .map((access) => deviceAccessView(store.state, hosting, mailbox, access, viewer, include));
  return paginate(items, query);
}

function legacyDeletionRefused(): ApiError {
  return new ApiError(
    403,
    errorCodes.legacyDeviceDeletion,
    'Only the owner of the generic password may revoke it; ask them, or revoke it in the Infomaniak Manager with their login.',
  );
}

/** Revokes accesses; refuses the whole request (nothing revoked) if one is a legacy access this token may not revoke. */
function revoke(store: Store, mailbox: MailboxRecord, accesses: DeviceAccessRecord[], viewer: Viewer): void {
  for (const access of accesses) {
    const device = store.findDevice(access.device_id);
    if (device && isLegacy(device) && !mayRevokeLegacy(access, viewer)) throw legacyDeletionRefused();
  }
  const gone = new Set(accesses);
  mailbox.device_accesses = mailbox.device_accesses.filter((a) => !gone.has(a));
  for (const access of accesses) store.passwords.forget(access.password_hash);
  store.dropOrphanDevices();
}

function conflict(status: 409 | 422, code: string, description: string, attribute: string): ApiError {
  return new ApiError(status, code, description, [{ code, description, context: { attribute } }]);
}

export const deviceEndpoints: Endpoint[] = [
  {
    method: 'GET',
    route: 'devices',
    handle: (ctx) => listReply(ctx, () => true),
  },
  {
    method: 'POST',
    route: 'devices',
    handle: async ({ store, params, body, viewer }) => {
      const before = store.mailbox(store.hosting(params.hosting), params.mailbox);
      const input = parseBody(createDeviceBody, body);
      let existing: DeviceRecord | undefined;
      if (input.device_id !== undefined) {
        existing = store.device(input.device_id);
        if (isLegacy(existing)) {
          throw conflict(
            422,
            errorCodes.legacyDeviceCreation,
            'A generic password cannot be given another address; create a new device access instead.',
            'device_id',
          );
        }
        if (before.device_accesses.some((a) => a.device_id === existing!.id)) {
          throw conflict(
            409,
            errorCodes.deviceAlreadyHasAccess,
            `Device ${existing.id} already has an access to this mailbox; regenerate that access for a new password.`,
            'device_id',
          );
        }
        if (input.user_id !== undefined && input.user_id !== existing.user_id) {
          throw conflict(
            422,
            errorCodes.existingDeviceOneUser,
            `Device ${existing.id} belongs to ${existing.user_id === null ? 'no user' : `user ${existing.user_id}`}; a Device keeps the user it was created for.`,
            'user_id',
          );
        }
      } else if (input.user_id != null) {
        store.user(input.user_id);
      }
      const password = generatePassword();
      const passwordHash = await store.passwords.hash(password);
      // Re-read after the await: a concurrent request may have changed the records.
      const mailbox = store.mailbox(store.hosting(params.hosting), params.mailbox);
      const now = store.nowSeconds();
      let device = existing ? store.findDevice(existing.id) : undefined;
      if (existing && (!device || mailbox.device_accesses.some((a) => a.device_id === device!.id))) {
        throw new ApiError(
          409,
          errorCodes.deviceAlreadyHasAccess,
          'The Device changed meanwhile; list again.',
        );
      }
      if (!device) {
        const id = store.nextId('device');
        device = {
          id,
          label: input.label ?? `Device ${id}`,
          type: input.type ?? 'other',
          created_at: now,
          device_uid: input.device_uid ?? null,
          user_id: input.user_id ?? null,
        };
        store.state.devices.push(device);
      }
      mailbox.device_accesses.push({
        id: store.nextId('access'),
        device_id: device.id,
        protocols: input.protocols,
        status: 'healthy',
        created_at: now,
        last_connection: null,
        creator_id: viewer.userId,
        owner_user_id: null,
        password_hash: passwordHash,
      });
      return { data: devicePasswordSchema.parse({ password }) };
    },
  },
  {
    method: 'DELETE',
    route: 'devices',
    handle: ({ store, params, viewer }) => {
      const mailbox = store.mailbox(store.hosting(params.hosting), params.mailbox);
      // "Revoke all" means all, the generic password included.
      revoke(store, mailbox, [...mailbox.device_accesses], viewer);
      return ok;
    },
  },
  {
    method: 'POST',
    route: 'deviceAccess',
    handle: async ({ store, params }) => {
      const mailboxBefore = store.mailbox(store.hosting(params.hosting), params.mailbox);
      const before = store.deviceAccess(mailboxBefore, params.access);
      const device = store.findDevice(before.device_id);
      if (device && isLegacy(device)) {
        throw accessDenied(
          'The generic password cannot be regenerated (sandbox rule; the Mailbox shows can_regenerate_device_legacy false). Create a device access instead, then revoke the generic password.',
        );
      }
      const password = generatePassword();
      const passwordHash = await store.passwords.hash(password);
      const access = store.deviceAccess(
        store.mailbox(store.hosting(params.hosting), params.mailbox),
        params.access,
      );
      store.passwords.forget(access.password_hash);
      access.password_hash = passwordHash;
      access.status = 'healthy';
      return { data: devicePasswordSchema.parse({ password }) };
    },
  },
  {
    method: 'DELETE',
    route: 'deviceAccess',
    handle: ({ store, params, viewer }) => {
      const mailbox = store.mailbox(store.hosting(params.hosting), params.mailbox);
      revoke(store, mailbox, [store.deviceAccess(mailbox, params.access)], viewer);
      return ok;
    },
  },
  {
    method: 'GET',
    route: 'userDevices',
    handle: (ctx) => {
      const user = ctx.store.user(ctx.params.user);
      return listReply(ctx, (_access, device) => device?.user_id === user.user_id);
    },
  },
  {
    method: 'DELETE',
    route: 'userDevices',
    handle: ({ store, params, viewer }) => {
      const mailbox = store.mailbox(store.hosting(params.hosting), params.mailbox);
      const user = store.user(params.user);
      const mine = mailbox.device_accesses.filter(
        (a) => store.findDevice(a.device_id)?.user_id === user.user_id,
      );
      revoke(store, mailbox, mine, viewer);
      return ok;
    },
  },
  {
    method: 'PATCH',
    route: 'deviceLabel',
    handle: ({ store, params, body }) => {
      const device = store.device(params.device);
      const locations = store.accessesOf(device.id);
      // The route names no Mail Service: it is closed when none of the Device's addresses is enabled.
      if (locations.length > 0 && locations.every((l) => !l.hosting.accesses_enabled)) {
        store.requireAccesses(locations[0].hosting);
      }
      const { label } = parseBody(updateDeviceLabelBody, body);
      // ASSUMED labelUniqueness: another Device reading one of the same addresses may not carry it.
      const mailboxes = new Set(locations.map((l) => l.mailbox));
      const clash = store.state.devices.some(
        (other) =>
          other.id !== device.id &&
          other.label === label &&
          store.accessesOf(other.id).some((l) => mailboxes.has(l.mailbox)),
      );
      if (clash) {
        throw conflict(
          409,
          errorCodes.deviceAlreadyExists,
          'Another Device reading one of the same addresses already has this label; choose another.',
          'label',
        );
      }
      device.label = label;
      return ok;
    },
  },
];
