'use strict';

function pick(volume, sizes = [1, 5, 20]) {
  for (const size of sizes) {
    if (volume <= size) {
      return size;
    }
  }
  return null;
}

function kind(size) {
  switch (size) {
    case 1:
      return 'small';
    case 5:
      return 'medium';
    default:
      return size ? 'large' : 'none';
  }
}

module.exports = { pick, kind };
