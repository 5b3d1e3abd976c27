'use strict';
const { mean } = require('../lib/stats');

describe('mean', () => {
  test('of one value', () => {
    expect(mean([4])).toBe(4);
  });

  test('of several values', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
  });

  test('of floats', () => {
    expect(mean([0.1, 0.2])).toBe(0.15);
  });

  test('throws on empty input', () => {
    expect(() => mean([])).toThrow('empty');
  });

  test.skip('of a huge list', () => {
    expect(mean(new Array(1e7).fill(1))).toBe(1);
  });

  test.todo('of NaN values');
});
