import { canonicalJson, collectState, compareStates } from './final-state';

describe('final states compared with the fault-free run', () => {
  const reference = collectState([
    ['user S1', { name: 'Ada', state: 'active' }],
    ['user S2', { name: 'Bo', state: 'active' }],
    ['enrollment SEC1 S1 student', { state: 'active' }],
  ]);

  it('finds two states equal whatever the order of their objects and of their fields', () => {
    const same = collectState([
      ['enrollment SEC1 S1 student', { state: 'active' }],
      ['user S2', { state: 'active', name: 'Bo' }],
      ['user S1', { name: 'Ada', state: 'active' }],
    ]);
    expect(compareStates(reference, same)).toEqual({ equal: true, lost: [], changed: [], unexpected: [], duplicates: [] });
  });

  it('names each object lost, changed, unexpected or made twice', () => {
    const actual = collectState([
      ['user S1', { name: 'Ada', state: 'suspended' }],
      ['enrollment SEC1 S1 student', { state: 'active' }],
      ['enrollment SEC1 S1 student', { state: 'active' }],
      ['user S3', { name: 'Cy', state: 'active' }],
    ]);
    expect(compareStates(reference, actual)).toEqual({
      equal: false,
      lost: ['user S2'],
      changed: ['user S1'],
      unexpected: ['user S3'],
      duplicates: ['enrollment SEC1 S1 student'],
    });
  });

  it('does not count as made twice what the fault-free run made twice too', () => {
    const twice = collectState([
      ['group C1 ptp-category-5', { name: 'Homework' }],
      ['group C1 ptp-category-5', { name: 'Homework' }],
    ]);
    expect(twice.duplicates).toEqual(['group C1 ptp-category-5']);
    expect(compareStates(twice, twice)).toMatchObject({ equal: true, duplicates: [] });
  });

  it('writes values as canonical JSON: keys sorted at every depth, arrays in their order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });
});
