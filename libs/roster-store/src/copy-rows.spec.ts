import { copyTextRow, copyTextValue } from './copy-rows';

describe("COPY's text format", () => {
  it('escapes backslash, tab, newline and carriage return, and nothing else', () => {
    expect(copyTextValue('plain, "quoted" and ünïcödé 😀')).toBe('plain, "quoted" and ünïcödé 😀');
    expect(copyTextValue('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyTextValue('{"name":"O\\"Brien"}')).toBe('{"name":"O\\\\"Brien"}');
  });

  it('writes null as \\N, an empty string as nothing, numbers as they are, one line per row', () => {
    expect(copyTextRow(['x', null, '', 42, '\\N'])).toBe('x\t\\N\t\t42\t\\\\N\n');
  });
});
