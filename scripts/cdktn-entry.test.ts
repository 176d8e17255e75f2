import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitCdktnEntry, retarget } from './cdktn-entry';

describe('retarget', () => {
  it('changes every form of module specifier naming cdktf, in JavaScript and declarations', () => {
    const source = [
      'const cdktf_1 = require("cdktf");',
      "const lib = require('cdktf/lib/tokens');",
      "import * as cdktf from 'cdktf';",
      'import { Token } from "cdktf";',
      "import 'cdktf';",
      'export declare const app: import("cdktf").App;',
    ].join('\n');
    expect(retarget(source)).toEqual({
      replaced: 6,
      text: [
        'const cdktf_1 = require("cdktn");',
        "const lib = require('cdktn/lib/tokens');",
        "import * as cdktf from 'cdktn';",
        'import { Token } from "cdktn";',
        "import 'cdktn';",
        'export declare const app: import("cdktn").App;',
      ].join('\n'),
    });
  });

  it('leaves strings, identifiers and look-alike packages alone', () => {
    const source = [
      "const CUSTOM_SYNTHESIS = Symbol.for('cdktf/customSynthesis');",
      'const x = cdktf_1.Token.asString(cdktf.Lazy);',
      "const other = require('cdktf-cli');",
      "const provider = require('@cdktf/provider-null');",
      '// run `cdktf synth`',
    ].join('\n');
    expect(retarget(source)).toEqual({ replaced: 0, text: source });
  });
});

describe('emitCdktnEntry', () => {
  let dist: string;
  beforeEach(() => {
    dist = mkdtempSync(join(tmpdir(), 'cdktn-entry-'));
  });
  afterEach(() => rmSync(dist, { recursive: true, force: true }));

  const put = (file: string, text: string): void => {
    mkdirSync(join(dist, file, '..'), { recursive: true });
    writeFileSync(join(dist, file), text);
  };

  it('writes dist/cdktn afresh from dist/src: retargeted code and declarations, maps as they are', () => {
    put('src/index.js', 'exports.a = require("cdktf");\nrequire("../packaging");\n');
    put('src/index.d.ts', "export { App } from 'cdktf';\n");
    put('src/index.js.map', '{"sources":["../../src/index.ts"]}');
    put('src/generated/device/index.js', 'const cdktf = __importStar(require("cdktf"));\n');
    put('src/notes.txt', 'not part of the entry');
    put('cdktn/stale.js', 'from a module since removed');

    expect(emitCdktnEntry(dist)).toEqual({ files: 4, replaced: 3 });
    const read = (f: string) => readFileSync(join(dist, 'cdktn', f), 'utf8');
    expect(read('index.js')).toBe('exports.a = require("cdktn");\nrequire("../packaging");\n');
    expect(read('index.d.ts')).toBe("export { App } from 'cdktn';\n");
    expect(read('index.js.map')).toBe('{"sources":["../../src/index.ts"]}');
    expect(read('generated/device/index.js')).toBe('const cdktf = __importStar(require("cdktn"));\n');
    expect(() => read('stale.js')).toThrow(/ENOENT/);
    expect(() => read('notes.txt')).toThrow(/ENOENT/);
  });

  it('fails when there is no compiled src, or nothing in it imports cdktf', () => {
    expect(() => emitCdktnEntry(dist)).toThrow(/has no index\.js/);
    put('src/index.js', 'exports.a = 1;\n');
    expect(() => emitCdktnEntry(dist)).toThrow(/nothing to retarget/);
  });
});
