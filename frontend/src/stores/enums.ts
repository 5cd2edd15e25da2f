import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api } from '@/api'
import { COOP_MODES, FIELDS, IP_TYPES, ORG_TYPE_LABELS, PRICE_TYPES, REGISTRABLE_ROLES } from '@/enums'
import type { Enums } from '@/types'
import { CONTRACT_TYPES, PARTY_TYPES, REJECTION_GROUNDS } from '@/contracts'
import { BROKER_LEVELS, DEMONSTRATIONS, INSTITUTION_KINDS } from '@/registry'
import { NO_REGISTER_FORM_CHOICES } from '@/registerForm'

export const useEnumsStore = defineStore('enums', () => {
  const enums = ref<Enums>({
    roles: REGISTRABLE_ROLES,
    org_types: Object.entries(ORG_TYPE_LABELS).map(([value, label]) => ({ value, label })),
    regions: [],
    fields: FIELDS,
    ip_types: IP_TYPES,
    coop_modes: COOP_MODES,
    price_types: PRICE_TYPES,
    contract_types: CONTRACT_TYPES,
    party_types: PARTY_TYPES,
    rejection_grounds: REJECTION_GROUNDS,
    broker_levels: BROKER_LEVELS,
    institution_kinds: INSTITUTION_KINDS,
    demonstrations: DEMONSTRATIONS,
    register_form: NO_REGISTER_FORM_CHOICES,
  })
  const loaded = ref(false)
  let loading: Promise<void> | null = null

  /** Fetches GET /meta/enums once; later calls reuse it. A list the API leaves out keeps its fallback. */
  function load(): Promise<void> {
    if (loaded.value) return Promise.resolve()
    if (!loading) {
      loading = api
        .get<Partial<Enums>>('/meta/enums', undefined, { auth: false })
        .then((e) => {
          const cur = enums.value
          const pick = <T>(api: T[] | undefined, fallback: T[]): T[] => (api?.length ? api : fallback)
          enums.value = {
            roles: pick(e.roles, cur.roles),
            org_types: pick(e.org_types, cur.org_types),
            regions: e.regions ?? [],
            fields: pick(e.fields, cur.fields),
            ip_types: pick(e.ip_types, cur.ip_types),
            coop_modes: pick(e.coop_modes, cur.coop_modes),
            price_types: pick(e.price_types, cur.price_types),
            contract_types: pick(e.contract_types, CONTRACT_TYPES),
            party_types: pick(e.party_types, PARTY_TYPES),
            rejection_grounds: pick(e.rejection_grounds, REJECTION_GROUNDS),
            broker_levels: pick(e.broker_levels, BROKER_LEVELS),
            institution_kinds: pick(e.institution_kinds, INSTITUTION_KINDS),
            demonstrations: pick(e.demonstrations, DEMONSTRATIONS),
            register_form: e.register_form ?? cur.register_form,
          }
          loaded.value = true
        })
        .finally(() => {
          loading = null
        })
    }
    return loading
  }

  function regionName(code: string | null | undefined): string {
    if (!code) return ''
    // 港澳台 (7100) and 境外 (8000) are the 登记表's regions beyond the divisions.
    const all = [...enums.value.regions, ...enums.value.register_form.abroad_regions]
    return all.find((r) => r.code === code)?.name ?? code
  }

  /** Regions as select options: 福州市鼓楼区（350102）. */
  const regionOptions = computed(() => enums.value.regions.map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` })))

  return { enums, loaded, load, regionName, regionOptions }
})
