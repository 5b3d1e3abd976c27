'use strict';

function rate(weight, zone = 'domestic', express = false) {
  const base = zone === 'domestic' ? 5 : 12;
  let price = base + weight * (zone === 'domestic' ? 1 : 2.5);
  if (express) {
    price *= 2;
  }
  return Math.round(price * 100) / 100;
}

function label(order, prefix = 'PKG') {
  const id =
    order.id ||
    'unknown';
  return `${prefix}-${id}`;
}

module.exports = { rate, label };
