-- Row level security: a member of one organisation sees nothing of another's.
begin;
select plan(4);

insert into auth.users (id, email) values
  ('11111111-1111-1111-1111-111111111111', 'alice@a.test'),
  ('22222222-2222-2222-2222-222222222222', 'bob@b.test');
insert into public.organizations (id, name) values
  ('aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', 'A'),
  ('bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb', 'B');
insert into public.memberships (org_id, user_id) values
  ('aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', '11111111-1111-1111-1111-111111111111'),
  ('bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb', '22222222-2222-2222-2222-222222222222');
insert into public.deals (org_id, owner_id, title) values
  ('aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', '11111111-1111-1111-1111-111111111111', 'A deal');

set local role authenticated;
set local request.jwt.claims to '{"sub": "22222222-2222-2222-2222-222222222222"}';

select is((select count(*) from public.deals)::int, 0, 'another org''s deals are invisible');
select throws_ok(
  $$ insert into public.deals (org_id, owner_id, title) values ('aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', '22222222-2222-2222-2222-222222222222', 'x') $$,
  '42501', null, 'cannot write into another org'
);
select throws_ok(
  $$ update public.profiles set role = 'admin' where id = '22222222-2222-2222-2222-222222222222' $$,
  '42501', null, 'cannot make yourself an admin'
);

set local request.jwt.claims to '{"sub": "11111111-1111-1111-1111-111111111111"}';
select is((select count(*) from public.deals)::int, 1, 'members see their org''s deals');

select * from finish();
rollback;
