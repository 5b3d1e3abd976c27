'use strict';
const { median } = require('../lib/stats');

describe('median', () => {
  test('of an odd list', () => {
    expect(median([3, 1, 2])).toBe(2);
  });

  test('of an even list', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  test('of numbers above ten', () => {
    expect(median([10, 9, 100])).toBe(10);
  });
});

test('median of a single value', () => {
  expect(median([7])).toBe(7);
});
