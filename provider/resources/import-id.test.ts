import { DiagnosticError } from '../framework';
import { ImportIdError, parseImportId } from './import-id';

const threeParts = {
  form: 'MAIL_HOSTING_ID/MAILBOX_NAME/ACCESS_ID',
  example: '1234567/contact/7000002',
  parts: ['int', 'string', 'int'],
} as const;

function failure(id: string): DiagnosticError {
  try {
    parseImportId(id, threeParts);
  } catch (error) {
    if (error instanceof DiagnosticError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(id)} to be refused`);
}

describe('parseImportId', () => {
  it('returns typed parts: numbers for int parts, strings for string parts', () => {
    const [hosting, mailbox, access] = parseImportId('1234567/contact/7000002', threeParts);
    expect([hosting, mailbox, access]).toEqual([1234567, 'contact', 7000002]);
    expect(typeof hosting).toBe('number');
    expect(typeof mailbox).toBe('string');
  });

  it('ignores whitespace around the whole id (a pasted line)', () => {
    expect(parseImportId(' 1/contact/2\n', threeParts)).toEqual([1, 'contact', 2]);
  });

  it('accepts the largest safe integer', () => {
    expect(parseImportId(`1/contact/${Number.MAX_SAFE_INTEGER}`, threeParts)[2]).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });

  it.each([
    ['too few parts', '1234567/contact'],
    ['too many parts', '1234567/contact/7000002/9'],
    ['one part', 'contact'],
    ['nothing', ''],
    ['an empty first part', '/contact/7000002'],
    ['an empty middle part', '1234567//7000002'],
    ['an empty last part', '1234567/contact/'],
    ['a word where a number goes', 'x/contact/7000002'],
    ['a negative number', '1234567/contact/-1'],
    ['a decimal', '1234567/contact/7.5'],
    ['an exponent', '1234567/contact/1e3'],
    ['a sign', '1234567/contact/+7'],
    ['zero', '0/contact/7000002'],
    ['an unsafe integer', '1234567/contact/9007199254740993'],
    ['whitespace inside a part', '1234567/con tact/7000002'],
    ['whitespace around a part', '1234567/ contact/7000002'],
  ])('refuses %s (%j), naming the form and an example', (_why, id) => {
    const error = failure(id);
    expect(error).toBeInstanceOf(ImportIdError);
    expect(error.summary).toBe('Invalid import id');
    expect(error.detail).toContain('Expected MAIL_HOSTING_ID/MAILBOX_NAME/ACCESS_ID');
    expect(error.detail).toContain('"1234567/contact/7000002"');
    expect(error.detail).toContain(JSON.stringify(id));
  });

  it('checks the number of parts against the form, whatever it is', () => {
    const twoParts = {
      form: 'MAIL_HOSTING_ID/MAILBOX_NAME',
      example: '1234567/contact',
      parts: ['int', 'string'],
    } as const;
    expect(parseImportId('1234567/contact', twoParts)).toEqual([1234567, 'contact']);
    expect(() => parseImportId('1234567/contact/7', twoParts)).toThrow(
      /Expected MAIL_HOSTING_ID\/MAILBOX_NAME,/,
    );
  });
});
