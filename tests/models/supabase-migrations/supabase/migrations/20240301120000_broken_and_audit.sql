create table public.audit_log (
  id bigint generated always as identity primary key,
  org_id uuid,
  actor_id uuid,
  action text not null,
  at timestamptz default now()
);
-- A typo that `supabase db push` would reject: shipgate lists it and reads on.
create tabel public.oops (id int);
alter table public.audit_log enable row level security;
create function public.log_action() returns trigger language plpgsql security definer as $$
begin insert into public.audit_log (org_id, action) values (new.org_id, tg_op); return new; end $$;
