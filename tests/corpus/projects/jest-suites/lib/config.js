'use strict';

const raw = process.env.STATS_CONFIG || '{"precision": 2,}';
module.exports = JSON.parse(raw);
