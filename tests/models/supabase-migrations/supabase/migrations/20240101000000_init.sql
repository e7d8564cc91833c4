create extension if not exists "uuid-ossp" with schema extensions;

create type public.member_role as enum ('owner', 'admin', 'member');

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  plan text not null default 'free',
  created_at timestamptz not null default now()
);

create table public.members (
  org_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.member_role not null default 'member',
  primary key (org_id, user_id)
);

create table public.tickets (
  id bigint generated always as identity primary key,
  org_id uuid not null,
  author_id uuid references auth.users,
  title text not null,
  body text,
  constraint tickets_org_fk foreign key (org_id) references public.organizations (id)
);
create index tickets_org_id_idx on public.tickets (org_id);

alter table public.organizations enable row level security;
alter table public.members enable row level security;
alter table public.tickets enable row level security;

create or replace function public.is_member(org uuid) returns boolean
language sql stable security definer set search_path = ''
as $$ select exists (select 1 from public.members m where m.org_id = org and m.user_id = (select auth.uid())) $$;

create policy "members read their orgs" on public.organizations
  for select to authenticated using (public.is_member(id));
create policy "members read tickets" on public.tickets
  for select to authenticated
  using (org_id in (select org_id from public.members where user_id = (select auth.uid())));
create policy "members file tickets" on public.tickets
  for insert to authenticated
  with check (author_id = (select auth.uid()) and public.is_member(org_id));
