/**
 * Infomaniak Mail access as code, for CDKTF.
 *
 * - L2 constructs: `MailService` → `service.mailbox(name)` → `addDevice`, `grant`, `exclusive`;
 *   `Rotation`, `Duration`; policy Aspects.
 * - The API rules they check at synth (generated from the provider's wire.ts): `deviceProtocols`,
 *   `deviceTypes`, `mailboxPermissions`, `invitationLanguages`, `MAILBOX_NAME_PATTERN`, ... and
 *   their types `DeviceProtocol`, `DeviceType`, `MailboxPermission`, `InvitationLanguage`.
 * - L1 bindings generated from the provider schema, as namespaces like the prebuilt
 *   `@cdktf/provider-*` packages: `provider.InfomaniakmailProvider`, `device.Device`,
 *   `accessPolicy.AccessPolicy`, `dataInfomaniakmailDevices.DataInfomaniakmailDevices`, ...
 */
export * from './generated';
export * from './generated/api-rules';
export * from './duration';
export * from './rotation';
export * from './mail-service';
export * from './imailbox';
export * from './mailbox';
export * from './mail-device';
export * from './outputs';
export * from './mailbox-grant';
export * from './exclusive-access';
export * from './policies';
export { IMPLIED_MIRROR_DIR } from './implied-mirror';
