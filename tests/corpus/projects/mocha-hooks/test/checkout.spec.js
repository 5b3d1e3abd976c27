'use strict';
const assert = require('assert');
const { total, openGateway } = require('../lib/cart');

describe('checkout', function () {
  let gateway;

  beforeEach(function () {
    gateway = openGateway('sandbox');
  });

  it('charges the total', function () {
    assert.ok(gateway);
  });

  it('refunds a charge', function () {
    assert.ok(gateway);
  });

  it('sends a receipt', function () {
    assert.ok(gateway);
  });
});

describe('checkout totals', function () {
  it('uses the cart total', function () {
    assert.strictEqual(total([{ price: 5, qty: 2 }]), 10);
  });

  it('compares line items', function () {
    assert.deepStrictEqual(
      [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 2 }],
      [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 3 }],
    );
  });

  it('is pending without a body');
});
