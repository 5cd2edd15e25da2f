// Shapes of the JSON API (base /api/v1). Keep in step with the Go handlers.

export type Role = 'supplier' | 'demander' | 'broker' | 'reviewer' | 'admin'
export type OrgType = 'university' | 'institute' | 'enterprise' | 'agency' | 'broker_firm' | 'bureau'
export type OrgStatus = 'pending' | 'verified' | 'rejected'

export interface User {
  id: number
  username: string
  name: string
  role: Role
  org_id: number | null
  phone: string
  email: string
  disabled: boolean
  created_at: string
  // Admin lists may join the organisation's name; optional everywhere else.
  org_name?: string
}

export interface Org {
  id: number
  name: string
  type: OrgType
  region: string
  region_name: string
  status: OrgStatus
  reject_reason: string
  verified_at: string | null
  created_at: string
}

export interface Session {
  user: User
  org: Org | null
}

export interface TokenResponse extends Session {
  access_token: string
  refresh_token: string
  token_type: string
  expires_in: number
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  size: number
}

export interface EnumRole {
  value: string
  label: string
  org_types: string[]
}

export interface EnumOption {
  value: string
  label: string
}

export interface Region {
  code: string
  name: string
}

export interface Enums {
  roles: EnumRole[]
  org_types: EnumOption[]
  regions: Region[]
}

export interface ApiErrorBody {
  error: {
    code: string
    message: string
    fields?: Record<string, string>
  }
}
