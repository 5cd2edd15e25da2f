// @vitest-environment node
// The API's shapes come from one source: the Go types, through the OpenAPI
// document, into schema.ts (npm run gen:api). These checks keep hand-written
// copies from coming back.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const src = fileURLToPath(new URL('..', import.meta.url))

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return sources(p)
    return /\.(ts|vue)$/.test(name) && !name.endsWith('.test.ts') && !p.endsWith(join('api', 'schema.ts')) ? [p] : []
  })
}

const schemaNames = new Set(
  [...readFileSync(join(src, 'api', 'schema.ts'), 'utf8').matchAll(/^ {8}(\w+): /gm)].map((m) => m[1]),
)

describe('API types', () => {
  it('are generated: no file declares an interface or object type named like a schema', () => {
    expect(schemaNames.size).toBeGreaterThan(100)
    const copies: string[] = []
    for (const file of sources(src)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/^(?:export )?(?:interface (\w+)|type (\w+)(?:<[^>]*>)? = \{)/gm)) {
        const name = m[1] ?? m[2]
        if (schemaNames.has(name)) copies.push(`${file.slice(src.length)}: ${name}`)
      }
    }
    expect(copies).toEqual([])
  })

  it('are named: no request spells a response shape inline', () => {
    const inline: string[] = []
    for (const file of sources(src)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/api\.(?:get|post|put|patch|del)<\{[^>]*>/g)) {
        inline.push(`${file.slice(src.length)}: ${m[0]}`)
      }
    }
    expect(inline).toEqual([])
  })
})
