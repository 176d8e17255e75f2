/**
 * The fixture provider `fixtures/note`: a small provider exercising every framework
 * feature the end-to-end tests check against the real terraform binary.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  attr,
  each,
  importById,
  intRange,
  isUnknown,
  oneOf,
  providerKit,
  requiresReplace,
  stringLength,
  stringMatches,
  unknown,
  useStateForUnknown,
  type ModelOf,
} from '../../provider/framework';
import { NoteStore, type StoredNote } from './store';

const kit = providerKit<NoteStore>();

const noteAttributes = {
  id: attr.string({
    computed: true,
    description: 'Identifier of the note, `note-` followed by 12 hex digits.',
    planModifiers: [useStateForUnknown()],
  }),
  title: attr.string({
    required: true,
    description: 'Title of the note.',
    validators: [stringLength({ min: 1, max: 80 })],
  }),
  body: attr.string({
    optional: true,
    computed: true,
    description: 'Text of the note; the store sets an empty body when it is not given.',
  }),
  folder: attr.string({
    optional: true,
    default: 'inbox',
    description: 'Folder holding the note. Changing it **replaces** the note.',
    validators: [stringMatches(/^[a-z][a-z0-9-]*$/, 'Must be lowercase letters, digits and dashes.')],
    planModifiers: [requiresReplace()],
  }),
  tags: attr.map('string', {
    optional: true,
    description: 'Free-form tags.',
    validators: [each(stringLength({ max: 40 }))],
  }),
  meta: attr.object(
    {
      color: attr.string({ optional: true, validators: [oneOf('red', 'green', 'blue')] }),
      priority: attr.int({ optional: true, validators: [intRange(1, 5)] }),
    },
    { optional: true, description: 'Display settings.' },
  ),
  links: attr.listNested(
    {
      url: attr.string({ required: true, description: 'Where the link points.' }),
      label: attr.string({ optional: true, computed: true, description: 'Defaults to the URL.' }),
    },
    { optional: true, description: 'Links attached to the note.' },
  ),
  secret: attr.string({
    computed: true,
    sensitive: true,
    description: 'A secret generated when the note is created.',
    planModifiers: [useStateForUnknown()],
  }),
  password_wo: attr.string({
    optional: true,
    writeOnly: true,
    sensitive: true,
    description: 'A password used only when `password_wo_version` changes; never stored.',
    validators: [stringLength({ min: 8 })],
  }),
  password_wo_version: attr.int({
    optional: true,
    description: 'Change to apply `password_wo` again.',
  }),
  password_hash: attr.string({
    computed: true,
    description: 'SHA-256 of the last applied `password_wo`.',
    // Kept across updates; modifyPlan below marks it unknown when the password version changes.
    planModifiers: [useStateForUnknown()],
  }),
  created_at: attr.string({ computed: true, planModifiers: [useStateForUnknown()] }),
  revision: attr.int({ computed: true, description: 'Incremented on every update.' }),
};

type Note = ModelOf<typeof noteAttributes>;

function toState(n: StoredNote): Note {
  return {
    id: n.id,
    title: n.title,
    body: n.body,
    folder: n.folder,
    tags: n.tags,
    meta: n.meta,
    links: n.links,
    secret: n.secret,
    password_wo: null,
    password_wo_version: null,
    password_hash: n.password_hash,
    created_at: n.created_at,
    revision: n.revision,
  };
}

function hash(password: string): string {
  return createHash('sha256').update(password).digest('hex');
}

export const noteResource = kit.resource({
  name: 'note',
  schema: {
    description: 'A note kept in the fixture store (a JSON file).',
    version: 1,
    attributes: noteAttributes,
  },

  create({ client, config }) {
    const note: StoredNote = {
      id: client.newId(),
      title: config.title,
      body: config.body ?? '',
      folder: config.folder ?? 'inbox',
      tags: config.tags,
      meta: config.meta,
      links: config.links && config.links.map((l) => ({ url: l.url, label: l.label ?? l.url })),
      secret: randomBytes(16).toString('hex'),
      password_hash: config.password_wo === null ? null : hash(config.password_wo),
      created_at: new Date().toISOString(),
      revision: 1,
    };
    client.put(note);
    return { state: { ...toState(note), password_wo_version: config.password_wo_version } };
  },

  read({ client, state }) {
    const note = client.get(state.id ?? '');
    if (!note) return { gone: true };
    return { state: { ...toState(note), password_wo_version: state.password_wo_version } };
  },

  update({ client, config, state }) {
    const prior = client.get(state.id ?? '');
    if (!prior) throw new Error(`note ${state.id} disappeared during apply`);
    const rotate = config.password_wo_version !== state.password_wo_version;
    const note: StoredNote = {
      ...prior,
      title: config.title,
      body: config.body ?? prior.body,
      tags: config.tags,
      meta: config.meta,
      links:
        config.links &&
        config.links.map((l, i) => ({ url: l.url, label: l.label ?? prior.links?.[i]?.label ?? l.url })),
      password_hash: rotate && config.password_wo !== null ? hash(config.password_wo) : prior.password_hash,
      revision: prior.revision + 1,
    };
    client.put(note);
    return { state: { ...toState(note), password_wo_version: config.password_wo_version } };
  },

  delete({ client, state }) {
    client.remove(state.id ?? '');
  },

  importState: importById<typeof noteAttributes>('id'),

  upgradeState({ version, state }) {
    // Version 0 called the body "text".
    if (version !== 0) throw new Error(`unexpected schema version ${version}`);
    const { text, ...rest } = state as Record<string, unknown>;
    return { ...(rest as unknown as Note), body: (text as string | null) ?? null, revision: 1 };
  },

  modifyPlan({ config, state, plan }) {
    // A new password version recomputes the hash.
    if (
      state &&
      !isUnknown(config.password_wo_version) &&
      config.password_wo_version !== state.password_wo_version
    )
      return { plan: { ...plan, password_hash: unknown } };
  },

  validateConfig({ config, diagnostics }) {
    if (config.password_wo !== null && config.password_wo_version === null)
      diagnostics.error(
        'Missing "password_wo_version"',
        'Set password_wo_version with password_wo: the password is applied when the version changes.',
        'password_wo_version',
      );
  },
});

export const noteDataSource = kit.dataSource({
  name: 'note',
  schema: {
    description: 'Looks up one note by id (never its secret).',
    attributes: {
      id: attr.string({ required: true, description: 'The note to read.' }),
      title: attr.string({ computed: true }),
      body: attr.string({ computed: true }),
      folder: attr.string({ computed: true }),
      tags: attr.map('string', { computed: true }),
    },
  },
  read({ client, config, diagnostics }) {
    const note = client.get(config.id);
    if (!note) {
      diagnostics.error('Note not found', `No note has the id "${config.id}".`, 'id');
      return { state: { ...config, title: null, body: null, folder: null, tags: null } };
    }
    return {
      state: { id: note.id, title: note.title, body: note.body, folder: note.folder, tags: note.tags },
    };
  },
});

export const tokenEphemeral = kit.ephemeralResource({
  name: 'token',
  schema: {
    description: 'A random token that exists only during one terraform run.',
    attributes: {
      length: attr.int({
        optional: true,
        validators: [intRange(8, 64)],
        description: 'Number of hex digits.',
      }),
      value: attr.string({ computed: true, sensitive: true }),
    },
  },
  open({ config }) {
    const length = config.length ?? 32;
    return {
      result: {
        length: config.length,
        value: randomBytes(Math.ceil(length / 2))
          .toString('hex')
          .slice(0, length),
      },
    };
  },
});

export const noteProvider = kit.provider({
  typeName: 'note',
  schema: {
    description: 'Fixture provider: notes in a JSON file.',
    attributes: {
      dir: attr.string({ required: true, description: 'Directory holding `notes.json`.' }),
    },
  },
  configure({ config, diagnostics }) {
    if (isUnknown(config.dir) || config.dir === '') {
      diagnostics.error('Missing "dir"', 'Set dir to a directory for the notes file.', 'dir');
    }
    return new NoteStore(typeof config.dir === 'string' ? config.dir : '');
  },
  resources: [noteResource],
  dataSources: [noteDataSource],
  ephemeralResources: [tokenEphemeral],
});
