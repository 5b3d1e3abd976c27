'use strict';
const config = require('../lib/config');

describe('config', () => {
  test('has a precision', () => {
    expect(config.precision).toBe(2);
  });
});
