create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  email text not null,
  full_name text,
  avatar_url text,
  role text not null default 'member' check (role in ('member', 'admin')),
  updated_at timestamptz not null default now()
);
alter table public.profiles enable row level security;
create policy "profiles: read own" on public.profiles for select using (auth.uid() = id);
create policy "profiles: update own" on public.profiles for update using (auth.uid() = id);

create table public.deals (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references auth.users (id),
  title text not null,
  stage text not null default 'lead',
  value_cents bigint not null default 0,
  updated_at timestamptz not null default now()
);
alter table public.deals enable row level security;
create policy "deals: owner" on public.deals for all using (auth.uid() = owner_id) with check (auth.uid() = owner_id);

create table public.contacts (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references auth.users (id),
  name text not null,
  email text,
  company text
);

create table public.device_tokens (
  token text primary key,
  user_id uuid not null references auth.users (id),
  platform text not null
);
alter table public.device_tokens enable row level security;

create table public.ai_usage (
  id bigserial primary key,
  user_id uuid references auth.users (id),
  tokens integer not null
);

create table public.invites (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  expires_at timestamptz not null
);

create table public.subscriptions (
  id text primary key,
  customer_id text not null,
  status text not null
);
