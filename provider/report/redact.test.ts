import { unknownAttribute, visible, visibleObject } from './redact';

describe('visible', () => {
  it('drops what the mask marks sensitive, at any depth', () => {
    const value = { a: 'x', b: 'secret', list: ['ok', 'hidden'], nested: { k: 'v', s: 'hidden2' } };
    const mask = { b: true, list: [false, true], nested: { s: true } };
    expect(visible(value, mask)).toEqual({ a: 'x', list: ['ok', undefined], nested: { k: 'v' } });
  });

  it('drops a value that is sensitive as a whole', () => {
    expect(visible({ a: 1 }, true)).toBeUndefined();
    expect(visibleObject({ a: 1 }, true)).toEqual({});
  });

  it('drops secret-named attributes even when they are not marked', () => {
    const value = {
      password: 'p',
      password_wo: 'w',
      invitation_url: 'u',
      token: 't',
      label: 'CRM',
      inner: [{ token: 'x' }],
    };
    expect(visible(value, false)).toEqual({ label: 'CRM', inner: [{}] });
  });

  it('reads after_unknown', () => {
    expect(unknownAttribute({ password: true }, 'password')).toBe(true);
    expect(unknownAttribute({ protocols: [false] }, 'protocols')).toBe(false);
    expect(unknownAttribute(true, 'anything')).toBe(true);
    expect(unknownAttribute(undefined, 'x')).toBe(false);
  });
});
