'use strict';
const assert = require('assert');
const { rate, label } = require('../lib/rates');
const { pick, kind } = require('../lib/boxes');

describe('shipping', () => {
  it('prices a domestic parcel', () => {
    assert.strictEqual(rate(2), 7);
  });
  it('prices an express international parcel', () => {
    assert.strictEqual(rate(2, 'intl', true), 34);
  });
  it('labels an order', () => {
    assert.strictEqual(label({ id: 7 }, 'X'), 'X-7');
  });
  it('picks a box', () => {
    assert.strictEqual(pick(3), 5);
    assert.strictEqual(kind(5), 'medium');
  });
});
