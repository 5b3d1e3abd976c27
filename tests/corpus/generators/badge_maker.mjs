// Renders tests/corpus/badges/cases.json with the real badge-maker (shields.io's library) and writes one SVG per
// case plus the manifest part tests/corpus/manifest.d/badge-maker.json (producer, command, the widths it measured).
//
//   npm install --prefix DIR badge-maker@6.0.0
//   node tests/corpus/generators/badge_maker.mjs DIR/node_modules tests/corpus
//
// tests/badge/test_badge_maker_live.py runs the same script when npm is available and compares byte for byte.
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const [modules, corpus] = process.argv.slice(2).map(p => resolve(p))
const { makeBadge } = await import(pathToFileURL(join(modules, 'badge-maker', 'lib', 'index.js')).href)
const require = createRequire(join(modules, 'anafanafo', 'index.js'))
const anafanafo = require(join(modules, 'anafanafo'))
const version = JSON.parse(readFileSync(join(modules, 'badge-maker', 'package.json'), 'utf8')).version
const anafanafoVersion = JSON.parse(readFileSync(join(modules, 'anafanafo', 'package.json'), 'utf8')).version

const cases = JSON.parse(readFileSync(join(corpus, 'badges', 'cases.json'), 'utf8'))
const entries = []
for (const c of cases) {
  const format = { label: c.label, message: c.message, style: c.style }
  if (c.color != null) format.color = c.color
  if (c.label_color != null) format.labelColor = c.label_color
  const svg = makeBadge(format)
  writeFileSync(join(corpus, 'badges', `${c.name}.svg`), svg)
  const measure = s => anafanafo(s.trim(), { font: '11px Verdana' })
  entries.push({
    file: `badges/${c.name}.svg`,
    kind: 'badge',
    format: 'svg',
    producer: `badge-maker ${version} (anafanafo ${anafanafoVersion}, node ${process.version})`,
    command: `makeBadge(${JSON.stringify(format)})`,
    truth: {
      case: c.name,
      label_text_width: measure(c.label),
      message_text_width: measure(c.message),
      svg_width: Number(/<svg[^>]* width="(\d+)"/.exec(svg)[1]),
    },
  })
}
writeFileSync(join(corpus, 'manifest.d', 'badge-maker.json'), JSON.stringify(entries, null, 2) + '\n')
console.log(`badge-maker ${version}: ${entries.length} badges written`)
