-- Organisations own the CRM data; users reach it through a membership.
create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  created_at timestamptz not null default now()
);

create table public.memberships (
  org_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null default 'member' check (role in ('member', 'owner')),
  created_at timestamptz not null default now(),
  primary key (org_id, user_id)
);
create index memberships_user_id_idx on public.memberships (user_id);

-- Security definer so policies can ask without recursing into memberships' own policies.
create function public.is_member(org uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.memberships m where m.org_id = org and m.user_id = auth.uid()
  );
$$;

alter table public.organizations enable row level security;
create policy "organizations: members read" on public.organizations for select using (public.is_member(id));

alter table public.memberships enable row level security;
create policy "memberships: read own org" on public.memberships for select using (public.is_member(org_id));

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  email text not null,
  full_name text,
  avatar_url text,
  role text not null default 'member' check (role in ('member', 'admin')),
  digest_opt_in boolean not null default true,
  updated_at timestamptz not null default now()
);
alter table public.profiles enable row level security;
create policy "profiles: read own" on public.profiles for select using (auth.uid() = id);
create policy "profiles: update own" on public.profiles for update using (auth.uid() = id) with check (auth.uid() = id);
-- Users may change their name and avatar, never their role.
revoke update on public.profiles from authenticated;
grant update (full_name, avatar_url, digest_opt_in, updated_at) on public.profiles to authenticated;

create table public.deals (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  owner_id uuid not null references auth.users (id) on delete cascade,
  title text not null,
  stage text not null default 'lead',
  value_cents bigint not null default 0,
  updated_at timestamptz not null default now()
);
create index deals_org_id_idx on public.deals (org_id);
create index deals_owner_id_idx on public.deals (owner_id);
alter table public.deals enable row level security;
create policy "deals: members read" on public.deals for select using (public.is_member(org_id));
create policy "deals: members create" on public.deals for insert with check (public.is_member(org_id) and owner_id = auth.uid());
create policy "deals: members update" on public.deals for update using (public.is_member(org_id)) with check (public.is_member(org_id));
create policy "deals: members delete" on public.deals for delete using (public.is_member(org_id));

create table public.contacts (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  owner_id uuid not null references auth.users (id) on delete cascade,
  name text not null,
  email text,
  company text
);
create index contacts_org_id_idx on public.contacts (org_id);
create index contacts_owner_id_idx on public.contacts (owner_id);
alter table public.contacts enable row level security;
create policy "contacts: members read" on public.contacts for select using (public.is_member(org_id));
create policy "contacts: members create" on public.contacts for insert with check (public.is_member(org_id) and owner_id = auth.uid());
create policy "contacts: members update" on public.contacts for update using (public.is_member(org_id)) with check (public.is_member(org_id));
create policy "contacts: members delete" on public.contacts for delete using (public.is_member(org_id));

create table public.device_tokens (
  token text primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  platform text not null check (platform in ('ios', 'android'))
);
create index device_tokens_user_id_idx on public.device_tokens (user_id);
alter table public.device_tokens enable row level security;
create policy "device_tokens: own" on public.device_tokens for all using (auth.uid() = user_id) with check (auth.uid() = user_id);

create table public.ai_usage (
  id bigserial primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  tokens integer not null,
  created_at timestamptz not null default now()
);
create index ai_usage_user_id_idx on public.ai_usage (user_id);
alter table public.ai_usage enable row level security;
create policy "ai_usage: read own" on public.ai_usage for select using (auth.uid() = user_id);
create policy "ai_usage: record own" on public.ai_usage for insert with check (auth.uid() = user_id);

create table public.invites (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  email text not null,
  invited_by uuid not null references auth.users (id) on delete cascade,
  expires_at timestamptz not null
);
create index invites_org_id_idx on public.invites (org_id);
create index invites_invited_by_idx on public.invites (invited_by);
alter table public.invites enable row level security;
create policy "invites: members read" on public.invites for select using (public.is_member(org_id));
create policy "invites: members create" on public.invites for insert with check (public.is_member(org_id) and invited_by = auth.uid());
create policy "invites: members revoke" on public.invites for delete using (public.is_member(org_id));

create table public.subscriptions (
  id text primary key,
  org_id uuid references public.organizations (id) on delete set null,
  customer_id text not null,
  status text not null
);
create index subscriptions_org_id_idx on public.subscriptions (org_id);
create index subscriptions_customer_id_idx on public.subscriptions (customer_id);
alter table public.subscriptions enable row level security;
create policy "subscriptions: members read" on public.subscriptions for select using (public.is_member(org_id));

-- Stripe event ids already processed: webhook deliveries are retried.
create table public.stripe_events (
  id text primary key,
  type text not null,
  received_at timestamptz not null default now()
);
alter table public.stripe_events enable row level security;

create table public.audit_log (
  id bigserial primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  actor_id uuid references auth.users (id) on delete set null,
  action text not null,
  entity text not null,
  entity_id text not null,
  created_at timestamptz not null default now()
);
create index audit_log_org_id_idx on public.audit_log (org_id);
create index audit_log_actor_id_idx on public.audit_log (actor_id);
alter table public.audit_log enable row level security;
create policy "audit_log: members read" on public.audit_log for select using (public.is_member(org_id));
create policy "audit_log: members append" on public.audit_log for insert with check (public.is_member(org_id) and actor_id = auth.uid());

-- Self-service account deletion: removes the caller's auth user; their rows cascade.
create function public.delete_own_account() returns void
language sql security definer set search_path = ''
as $$
  delete from auth.users where id = auth.uid();
$$;
revoke execute on function public.delete_own_account() from public, anon;
grant execute on function public.delete_own_account() to authenticated;
