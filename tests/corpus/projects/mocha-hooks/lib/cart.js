'use strict';

function total(items) {
  return items.reduce((sum, item) => sum + item.price * item.qty, 0);
}

function discount(amount, percent) {
  if (percent < 0 || percent > 100) {
    throw new RangeError(`bad percent ${percent}`);
  }
  return Math.round(amount * (100 - percent)) / 100;
}

function openGateway(name) {
  throw new Error(`gateway ${name} is unreachable`);
}

module.exports = { total, discount, openGateway };
