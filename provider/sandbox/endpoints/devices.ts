/**
 * Device passwords: list, create, regenerate, relabel, revoke (one, all, a user's).
 *
 * The password is returned by create and regenerate only, and the store keeps
 * nothing but its hash. Regenerate keeps the device id: only the secret and
 * `password_changed_at` change, and the old secret stops working at once.
 */
import {
  MIN_CHOSEN_PASSWORD_LENGTH,
  createDeviceBody,
  errorCodes,
  regenerateDeviceBody,
  updateDeviceLabelBody,
} from '../../infomaniak/wire';
import { ApiError, fieldError } from '../errors';
import { generatePassword, hashPassword } from '../passwords';
import type { DeviceRecord } from '../state';
import { deviceView, deviceWithPasswordView } from '../views';
import { ok, paginate, parseBody, type Endpoint, type FieldError } from './endpoint';

const MAX_CHOSEN_PASSWORD_LENGTH = 256;
const MAX_LABEL_LENGTH = 255;

/** The service's rules on a chosen password; never quotes it. */
function passwordRules(raw: Record<string, unknown>): FieldError[] {
  const password = raw.password;
  if (typeof password !== 'string') return [];
  if (password.length < MIN_CHOSEN_PASSWORD_LENGTH) {
    return [
      fieldError(
        'password',
        `a chosen password must be at least ${MIN_CHOSEN_PASSWORD_LENGTH} characters long; leave it out to get a generated one`,
      ),
    ];
  }
  if (password.length > MAX_CHOSEN_PASSWORD_LENGTH) {
    return [
      fieldError(
        'password',
        `a chosen password must be at most ${MAX_CHOSEN_PASSWORD_LENGTH} characters long`,
      ),
    ];
  }
  return [];
}

function labelRules(raw: Record<string, unknown>): FieldError[] {
  return typeof raw.label === 'string' && raw.label.length > MAX_LABEL_LENGTH
    ? [fieldError('label', `must be at most ${MAX_LABEL_LENGTH} characters long`)]
    : [];
}

function genericImmutable(device: DeviceRecord): ApiError {
  return new ApiError(
    409,
    errorCodes.genericPasswordImmutable,
    `Device ${device.id} is the address's generic password: it can never be displayed or regenerated, only revoked. Create a device password instead, then revoke this one.`,
  );
}

export const deviceEndpoints: Endpoint[] = [
  {
    method: 'GET',
    route: 'devices',
    handle: ({ store, params, query }) => {
      const mailbox = store.mailbox(store.hosting(params.hosting), params.mailbox);
      return paginate(mailbox.devices.map(deviceView), query);
    },
  },
  {
    method: 'POST',
    route: 'devices',
    handle: async ({ store, params, body }) => {
      store.mailbox(store.hosting(params.hosting), params.mailbox);
      const input = parseBody(createDeviceBody, body, (raw) => [...labelRules(raw), ...passwordRules(raw)]);
      const userId = input.user_id ?? null;
      if (userId !== null) store.organisationUser(userId);
      const password = input.password ?? generatePassword();
      const passwordHash = await hashPassword(password);
      // Re-read after the await: the mailbox may have been deleted meanwhile.
      const mailbox = store.mailbox(store.hosting(params.hosting), params.mailbox);
      const now = store.nowSeconds();
      const device: DeviceRecord = {
        id: store.nextDeviceId(),
        label: input.label,
        user_id: userId,
        protocols: [...new Set(input.protocols)],
        created_at: now,
        password_changed_at: now,
        is_generic: false,
        password_hash: passwordHash,
      };
      mailbox.devices.push(device);
      return { data: deviceWithPasswordView(device, password) };
    },
  },
  {
    method: 'DELETE',
    route: 'devices',
    handle: ({ store, params }) => {
      const mailbox = store.mailbox(store.hosting(params.hosting), params.mailbox);
      // "Revoke all" means all, the generic password included.
      mailbox.devices = [];
      return ok;
    },
  },
  {
    method: 'POST',
    route: 'device',
    handle: async ({ store, params, body }) => {
      const before = store.device(
        store.mailbox(store.hosting(params.hosting), params.mailbox),
        params.device,
      );
      if (before.is_generic) throw genericImmutable(before);
      const input = parseBody(regenerateDeviceBody, body, passwordRules);
      const password = input.password ?? generatePassword();
      const passwordHash = await hashPassword(password);
      const device = store.device(
        store.mailbox(store.hosting(params.hosting), params.mailbox),
        params.device,
      );
      device.password_hash = passwordHash;
      device.password_changed_at = store.nowSeconds();
      return { data: deviceWithPasswordView(device, password) };
    },
  },
  {
    method: 'DELETE',
    route: 'device',
    handle: ({ store, params }) => {
      const mailbox = store.mailbox(store.hosting(params.hosting), params.mailbox);
      const device = store.device(mailbox, params.device);
      mailbox.devices = mailbox.devices.filter((d) => d !== device);
      return ok;
    },
  },
  {
    method: 'GET',
    route: 'userDevices',
    handle: ({ store, params, query }) => {
      const mailbox = store.mailbox(store.hosting(params.hosting), params.mailbox);
      const user = store.organisationUser(params.user);
      return paginate(mailbox.devices.filter((d) => d.user_id === user.user_id).map(deviceView), query);
    },
  },
  {
    method: 'DELETE',
    route: 'userDevices',
    handle: ({ store, params }) => {
      const mailbox = store.mailbox(store.hosting(params.hosting), params.mailbox);
      const user = store.organisationUser(params.user);
      mailbox.devices = mailbox.devices.filter((d) => d.user_id !== user.user_id);
      return ok;
    },
  },
  {
    method: 'PATCH',
    route: 'deviceLabel',
    handle: ({ store, params, body }) => {
      const { device } = store.deviceAnywhere(params.device);
      const { label } = parseBody(updateDeviceLabelBody, body, labelRules);
      device.label = label;
      return { data: deviceView(device) };
    },
  },
];
