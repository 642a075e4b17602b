import { compareVersions, negotiateVersion, SIF_2_VERSIONS, versionMatches } from './sif-versions';

describe('SIF versions', () => {
  it('matches exact versions and wildcards', () => {
    expect(versionMatches('2.*', '2.0r1')).toBe(true);
    expect(versionMatches('2.0r1', '2.0')).toBe(false);
    expect(versionMatches('1.*', '2.4')).toBe(false);
  });

  it('orders versions, revisions included', () => {
    expect([...SIF_2_VERSIONS].reverse().sort(compareVersions)).toEqual(SIF_2_VERSIONS);
  });

  it('speaks the first exact version an agent lists, else the provider version for a wildcard', () => {
    expect(negotiateVersion(['1.5r1', '2.3', '2.*'], SIF_2_VERSIONS, '2.4')).toBe('2.3');
    expect(negotiateVersion(['2.*'], SIF_2_VERSIONS, '2.4')).toBe('2.4');
    expect(negotiateVersion(['2.*'], ['2.0r1', '2.1'], '2.4')).toBe('2.1');
    expect(negotiateVersion(['1.5r1', '3.0'], SIF_2_VERSIONS, '2.4')).toBeUndefined();
  });
});
