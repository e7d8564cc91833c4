alter table public.tickets rename column body to description;
alter table public.tickets add column status text not null default 'open';
alter table public.tickets drop column if exists legacy_ref;
alter table public.members force row level security;

create table public.ticket_drafts (id uuid primary key, title text);
drop table public.ticket_drafts;

alter policy "members read tickets" on public.tickets to authenticated
  using (public.is_member(org_id));

insert into storage.buckets (id, name, public) values ('attachments', 'attachments', false);
create policy "members upload attachments" on storage.objects for insert to authenticated
  with check (bucket_id = 'attachments' and public.is_member(((storage.foldername(name))[1])::uuid));

grant select on public.organizations to anon;
revoke all on table public.members from anon;
