-- The shared fixture: loaded once into both entitydb and PostgreSQL before
-- the test files run. Test files only read these namespaces (the runner
-- checks that they are unchanged after every file); files that write create
-- their own namespaces, e.g. by copying rows:
--   INSERT INTO scratch.entities SELECT * FROM tracker.entities;
--
-- tracker  60 tasks: type:task, status:*, priority:1..4, assignee:*, project:*,
--          label:* (0..3), bare flags (urgent, archived); JSON content; edge
--          cases listed at the end (duplicates, colons in values, quoting,
--          empty tags, an empty value, case variants, non-ASCII, ties in created_at)
-- metrics  48 samples: type:metric, host:web-1..4, metric:cpu|mem|disk,
--          region:eu|us; content is a decimal number as text
-- config   8 entries: type:config, env:*, service:*; content key=value text
-- blobs    5 entities with binary content (not UTF-8 everywhere)
-- public   4 notes in the default namespace
-- empty    a namespace without entities
--
-- Ids are 32-hex (md5 of a name) like generated ones, except a few
-- human-chosen ids. All timestamps are distinct unless noted.

CREATE SCHEMA tracker;
CREATE SCHEMA metrics;
CREATE SCHEMA config;
CREATE SCHEMA blobs;
CREATE SCHEMA empty;

-- tracker: 60 generated tasks, then edge cases from 'welcome' on.
INSERT INTO tracker.entities (id, tags, content, created_at, updated_at) VALUES
  ('adfa1ff407acbd551ff10ded714e5854', ARRAY['type:task', 'status:open', 'priority:4', 'assignee:erin', 'project:apollo', 'label:docs'], '{"title": "Add CSV export", "estimate": 5, "done": false, "labels": ["docs"]}', '2024-01-03 00:54:04+00', '2024-01-11 22:51:04+00'),
  ('706ee27c875698b67f6bcbd252ba9f6a', ARRAY['type:task', 'status:done', 'priority:1', 'assignee:erin', 'project:hermes'], '{"title": "Write onboarding guide", "estimate": 1, "done": true, "labels": []}', '2024-01-04 12:37:44+00', '2024-01-12 10:53:44+00'),
  ('678a600fd3e6bb00dd6cb09988909f18', ARRAY['type:task', 'status:done', 'priority:2', 'assignee:erin', 'project:hermes', 'label:docs'], '{"title": "Upgrade database", "estimate": 7, "done": true, "labels": ["docs"]}', '2024-01-06 00:40:54+00', '2024-01-14 16:43:54+00'),
  ('d63165644ee1434a5abf73f80f81934b', ARRAY['type:task', 'status:in_progress', 'priority:3', 'assignee:carol', 'project:hermes', 'label:ui', 'label:security', 'label:infra'], NULL, '2024-01-07 15:43:34+00', '2024-01-07 15:43:34+00'),
  ('6e01fba3094fc55008ce5cabb3c0f075', ARRAY['type:task', 'status:review', 'assignee:bob', 'project:hermes', 'label:security', 'label:infra'], '{"title": "Improve search ranking", "estimate": 12, "done": false, "labels": ["security", "infra"]}', '2024-01-09 04:11:09+00', '2024-01-09 04:11:09+00'),
  ('d5b0605acdb4f9072d44e76093138e5b', ARRAY['type:task', 'status:done', 'priority:4', 'assignee:carol', 'project:apollo'], '{"title": "Cache avatars", "estimate": 10, "done": true, "labels": []}', '2024-01-10 19:14:24+00', '2024-01-13 22:07:24+00'),
  ('6bdf664d8ba2cc683841e6cb99d3f38b', ARRAY['type:task', 'status:done', 'priority:1', 'assignee:erin', 'project:apollo'], '{"title": "Refactor billing", "estimate": 1, "done": true, "labels": []}', '2024-01-12 06:19:29.665987+00', '2024-01-12 06:19:29.665987+00'),
  ('8c2ccf5b1c98931ec1e6af1ade484c5b', ARRAY['type:task', 'status:in_progress', 'priority:1', 'assignee:erin', 'project:hermes', 'label:security', 'label:ui', 'label:infra'], '{"title": "Audit permissions", "estimate": 3, "done": false, "labels": ["security", "ui", "infra"]}', '2024-01-13 20:41:22+00', '2024-01-16 18:38:22+00'),
  ('a91663083207353c0474d9848cf7e64e', ARRAY['type:task', 'status:open', 'priority:1', 'assignee:bob', 'project:hermes', 'label:ui'], '{"title": "Dark mode", "estimate": 4, "done": false, "labels": ["ui"]}', '2024-01-15 10:33:12+00', '2024-01-17 05:40:12+00'),
  ('f535234a5eaae2b2bbff42131b8b5018', ARRAY['type:task', 'status:review', 'priority:3', 'assignee:erin', 'project:apollo', 'label:security'], '{"title": "Rate limit webhooks", "estimate": 3, "done": false, "labels": ["security"]}', '2024-01-16 22:51:20+00', '2024-01-16 22:51:20+00'),
  ('d0b1f8d0b62a7cf593830d932c13c98c', ARRAY['type:task', 'status:in_progress', 'priority:1', 'assignee:erin', 'project:apollo'], '{"title": "Migrate to new CI", "estimate": 11, "done": false, "labels": []}', '2024-01-18 08:24:35+00', '2024-01-18 08:24:35+00'),
  ('a53700b983bd91ba8d3c3c2b6bcd0f44', ARRAY['type:task', 'status:in_progress', 'assignee:dave', 'project:apollo', 'label:ui'], '{"title": "Translate settings page", "estimate": 7, "done": false, "labels": ["ui"]}', '2024-01-19 21:36:39+00', '2024-01-28 23:47:39+00'),
  ('13ceab95a3afbfcf5933d74482e5a052', ARRAY['type:task', 'status:done', 'priority:3', 'assignee:alice', 'project:zeus', 'label:docs'], '{"title": "Profile slow queries", "estimate": 8, "done": true, "labels": ["docs"]}', '2024-01-21 13:26:57+00', '2024-02-02 19:39:57+00'),
  ('24dfae9096f36ede7461158629e9c9e9', ARRAY['type:task', 'status:in_progress', 'priority:3', 'assignee:erin', 'project:apollo'], '{"title": "Archive old projects", "estimate": 2, "done": false, "labels": []}', '2024-01-23 03:57:42.617145+00', '2024-01-23 03:57:42.617145+00'),
  ('0f8ad8c840b539ad51214fb6fc317b65', ARRAY['type:task', 'status:open', 'priority:4', 'assignee:alice', 'project:hermes', 'label:security', 'label:infra'], '{"title": "Fix login redirect", "estimate": 8, "done": false, "labels": ["security", "infra"]}', '2024-01-24 15:45:11+00', '2024-01-25 19:32:11+00'),
  ('695654c67b7e76b96dcaf3032f2e516c', ARRAY['type:task', 'status:in_progress', 'priority:3', 'assignee:erin', 'project:zeus', 'label:docs', 'label:ui'], '{"title": "Add CSV export", "estimate": 5, "done": false, "labels": ["docs", "ui"]}', '2024-01-26 02:32:59+00', '2024-01-29 23:35:59+00'),
  ('5c76fc1c2a1bb522ffbc882c29e3ba93', ARRAY['type:task', 'status:blocked', 'priority:3', 'assignee:alice', 'project:apollo', 'urgent'], NULL, '2024-01-27 15:30:35+00', '2024-01-27 15:30:35+00'),
  ('8e59914087d1dfada24d62d1d8e39c5f', ARRAY['type:task', 'status:done', 'priority:2', 'assignee:erin', 'project:zeus', 'label:infra', 'label:security', 'label:ui'], '{"title": "Upgrade database", "estimate": 9, "done": true, "labels": ["infra", "security", "ui"]}', '2024-01-29 02:37:02+00', '2024-02-01 18:17:02+00'),
  ('8e97e18914d0c0851f3d2506e08785f2', ARRAY['type:task', 'status:in_progress', 'priority:2', 'assignee:dave', 'project:zeus', 'label:docs'], '{"title": "Rotate API keys", "estimate": 5, "done": false, "labels": ["docs"]}', '2024-01-30 19:33:51+00', '2024-02-09 08:55:51+00'),
  ('89ee93206b9e06a121f22659b7b768ab', ARRAY['type:task', 'status:blocked', 'priority:3', 'assignee:bob', 'project:apollo', 'label:security', 'archived'], '{"title": "Improve search ranking", "estimate": 7, "done": false, "labels": ["security"]}', '2024-02-01 07:55:32+00', '2024-02-10 10:45:32+00');

INSERT INTO tracker.entities (id, tags, content, created_at, updated_at) VALUES
  ('1fc0fae5dde2680418b7eacf2317c33a', ARRAY['type:task', 'status:review', 'priority:2', 'assignee:bob', 'project:zeus', 'label:security'], '{"title": "Cache avatars", "estimate": 13, "done": false, "labels": ["security"]}', '2024-02-02 18:43:15.572358+00', '2024-02-06 18:42:15.572358+00'),
  ('6e209f5f9589635cb5c5c3158aa0629a', ARRAY['type:task', 'status:blocked', 'priority:3', 'assignee:erin', 'project:hermes'], NULL, '2024-02-04 06:58:00+00', '2024-02-16 07:23:00+00'),
  ('aa17e354db7dcc0e08791fb077fed903', ARRAY['type:task', 'status:review', 'priority:1', 'assignee:dave', 'project:hermes'], '{"title": "Audit permissions", "estimate": 5, "done": false, "labels": []}', '2024-02-05 21:16:49+00', '2024-02-14 01:12:49+00'),
  ('ae6a197187da8bfd96e31bc95163cf5a', ARRAY['type:task', 'status:done', 'priority:3', 'assignee:erin', 'project:hermes', 'label:ui', 'label:infra', 'label:security'], '{"title": "Dark mode", "estimate": 4, "done": true, "labels": ["ui", "infra", "security"]}', '2024-02-07 09:54:18+00', '2024-02-07 09:54:18+00'),
  ('e73fcc008c2a044af7185f233b3e1c0a', ARRAY['type:task', 'status:done', 'assignee:bob', 'project:zeus'], '{"title": "Rate limit webhooks", "estimate": 6, "done": true, "labels": []}', '2024-02-08 22:58:08+00', '2024-02-08 22:58:08+00'),
  ('66ea19562f83c46346a8808562f2029e', ARRAY['type:task', 'status:review', 'assignee:carol', 'project:hermes', 'archived'], '{"title": "Migrate to new CI", "estimate": 1, "done": false, "labels": []}', '2024-02-10 13:15:55+00', '2024-02-10 13:15:55+00'),
  ('d2a9c44d80b3722dc25d643ebb8a43b2', ARRAY['type:task', 'status:done', 'priority:4', 'assignee:erin', 'project:apollo'], '{"title": "Translate settings page", "estimate": 2, "done": true, "labels": []}', '2024-02-12 02:40:48+00', '2024-02-20 09:39:48+00'),
  ('f3897031f28a6361543ed4cc5ba39f95', ARRAY['type:task', 'status:review', 'priority:4', 'assignee:carol', 'project:zeus'], NULL, '2024-02-13 17:06:46.889198+00', '2024-02-13 17:06:46.889198+00'),
  ('e10af68c8f2a601fa680a22e4ea99c0d', ARRAY['type:task', 'status:in_progress', 'priority:3', 'assignee:alice', 'project:hermes', 'archived'], '{"title": "Archive old projects", "estimate": 5, "done": false, "labels": []}', '2024-02-15 04:20:50+00', '2024-02-15 04:20:50+00'),
  ('aa76620ab064f8b8ba5629f3d23d6417', ARRAY['type:task', 'status:open', 'assignee:bob', 'project:zeus', 'label:infra'], NULL, '2024-02-16 19:07:29+00', '2024-02-26 07:19:29+00'),
  ('5fd9f6967c084a5137237e12d15bd953', ARRAY['type:task', 'status:done', 'priority:3', 'assignee:erin', 'project:apollo', 'label:security'], '{"title": "Add CSV export", "estimate": 3, "done": true, "labels": ["security"]}', '2024-02-18 03:09:23+00', '2024-02-27 03:48:23+00'),
  ('f57597f8cbbbdf526950d3a8dd586d4f', ARRAY['type:task', 'status:open', 'priority:1', 'assignee:alice', 'project:apollo', 'label:ui'], '{"title": "Write onboarding guide", "estimate": 3, "done": false, "labels": ["ui"]}', '2024-02-19 16:46:43+00', '2024-02-19 16:46:43+00'),
  ('bc85f286b8374a03c60e8913ed350e8d', ARRAY['type:task', 'status:review', 'assignee:carol', 'project:zeus'], '{"title": "Upgrade database", "estimate": 6, "done": false, "labels": []}', '2024-02-21 10:26:27+00', '2024-03-02 07:24:27+00'),
  ('67b74c036a787ae675b0a77cb99f3f78', ARRAY['type:task', 'status:open', 'assignee:alice', 'project:apollo', 'label:backend', 'label:infra'], '{"title": "Rotate API keys", "estimate": 4, "done": false, "labels": ["backend", "infra"]}', '2024-02-22 23:19:43+00', '2024-02-29 06:37:43+00'),
  ('4b65cdbb6469706c8e28fb8928adf597', ARRAY['type:task', 'status:open', 'priority:4', 'assignee:carol', 'project:apollo'], '{"title": "Improve search ranking", "estimate": 9, "done": false, "labels": []}', '2024-02-24 07:34:47.976061+00', '2024-02-24 07:34:47.976061+00'),
  ('b8c73631faebfae7b44f7c5ff192fb58', ARRAY['type:task', 'status:done', 'priority:4', 'assignee:carol', 'project:apollo', 'urgent'], '{"title": "Cache avatars", "estimate": 12, "done": true, "labels": []}', '2024-02-25 22:01:55+00', '2024-02-27 11:05:55+00'),
  ('c504cd254675be5acd1e558ab3cf1921', ARRAY['type:task', 'status:review', 'assignee:alice', 'project:hermes', 'label:docs', 'label:security'], '{"title": "Refactor billing", "estimate": 13, "done": false, "labels": ["docs", "security"]}', '2024-02-27 11:15:08+00', '2024-02-27 11:15:08+00'),
  ('896be91059fc2c95a890ffb2d463c413', ARRAY['type:task', 'status:done', 'priority:3', 'project:apollo', 'label:infra'], '{"title": "Audit permissions", "estimate": 13, "done": true, "labels": ["infra"]}', '2024-02-29 01:33:03+00', '2024-02-29 01:33:03+00'),
  ('70ba9d5a6a0814845d15c1691a63a668', ARRAY['type:task', 'status:open', 'priority:3', 'assignee:alice', 'project:apollo', 'label:security', 'label:docs', 'label:infra'], '{"title": "Dark mode", "estimate": 7, "done": false, "labels": ["security", "docs", "infra"]}', '2024-03-01 15:39:44+00', '2024-03-14 04:04:44+00'),
  ('ab85d1d1182d50147f9bd26774e2d9f1', ARRAY['type:task', 'status:open', 'priority:2', 'assignee:alice', 'project:zeus'], '{"title": "Rate limit webhooks", "estimate": 7, "done": false, "labels": []}', '2024-03-03 03:25:19+00', '2024-03-03 03:25:19+00');

INSERT INTO tracker.entities (id, tags, content, created_at, updated_at) VALUES
  ('553b49e59f4358c0a03cdd255a439857', ARRAY['type:task', 'status:blocked', 'priority:2', 'assignee:carol', 'project:apollo', 'archived'], '{"title": "Migrate to new CI", "estimate": 7, "done": false, "labels": []}', '2024-03-04 16:07:42+00', '2024-03-08 20:15:42+00'),
  ('15b6f800eae9dc494a055df129e04050', ARRAY['type:task', 'status:done', 'priority:2', 'assignee:dave', 'project:apollo', 'label:docs', 'label:backend', 'label:infra'], '{"title": "Translate settings page", "estimate": 9, "done": true, "labels": ["docs", "backend", "infra"]}', '2024-03-06 07:56:10.002431+00', '2024-03-07 13:27:10.002431+00'),
  ('3e6839a807d504333da8904817569f1c', ARRAY['type:task', 'status:done', 'priority:3', 'assignee:alice', 'project:zeus', 'label:security'], '{"title": "Profile slow queries", "estimate": 12, "done": true, "labels": ["security"]}', '2024-03-07 20:29:09+00', '2024-03-11 08:04:09+00'),
  ('1c05849780750fa83586faf8fbd3a292', ARRAY['type:task', 'status:review', 'priority:3', 'assignee:erin', 'project:apollo', 'label:security'], '{"title": "Archive old projects", "estimate": 13, "done": false, "labels": ["security"]}', '2024-03-09 06:57:45+00', '2024-03-10 22:55:45+00'),
  ('05dcc3b2168c72bd809a092e9fc5b579', ARRAY['type:task', 'status:review', 'priority:4', 'assignee:bob', 'project:zeus', 'label:infra'], '{"title": "Fix login redirect", "estimate": 9, "done": false, "labels": ["infra"]}', '2024-03-10 19:54:33+00', '2024-03-19 05:59:33+00'),
  ('ebc4e02339431c0e0ef115e2d0fb8d2b', ARRAY['type:task', 'status:in_progress', 'priority:4', 'assignee:bob', 'project:zeus', 'label:docs'], '{"title": "Add CSV export", "estimate": 9, "done": false, "labels": ["docs"]}', '2024-03-12 06:38:52+00', '2024-03-12 06:38:52+00'),
  ('47c176c53f2f88b0a4722148bef59a6c', ARRAY['type:task', 'status:open', 'priority:1', 'assignee:dave', 'project:hermes', 'label:backend'], '{"title": "Write onboarding guide", "estimate": 11, "done": false, "labels": ["backend"]}', '2024-03-13 21:08:03+00', '2024-03-26 05:29:03+00'),
  ('1d21e0cf4f3f25f9751dcdd28967d228', ARRAY['type:task', 'status:done', 'priority:3', 'assignee:bob', 'project:apollo', 'label:backend', 'label:security'], '{"title": "Upgrade database", "estimate": 11, "done": true, "labels": ["backend", "security"]}', '2024-03-15 09:40:57+00', '2024-03-15 09:40:57+00'),
  ('e5f3fe3240305446ab5b3aa823e31fd6', ARRAY['type:task', 'status:in_progress', 'priority:4', 'assignee:bob', 'project:zeus', 'label:docs'], NULL, '2024-03-16 23:24:00.299913+00', '2024-03-16 23:24:00.299913+00'),
  ('6abd98b77dd2953e4d4f5803ac9521ce', ARRAY['type:task', 'status:done', 'priority:2', 'assignee:bob', 'project:apollo'], NULL, '2024-03-18 12:09:59+00', '2024-03-18 17:26:59+00'),
  ('7357ac48c94a2ca80f30ccff19780f60', ARRAY['type:task', 'status:done', 'priority:4', 'assignee:bob', 'project:apollo', 'label:docs'], '{"title": "Cache avatars", "estimate": 11, "done": true, "labels": ["docs"]}', '2024-03-19 23:49:11+00', '2024-03-28 10:06:11+00'),
  ('3229d734ff762b52b45898877df77479', ARRAY['type:task', 'status:review', 'priority:3', 'assignee:carol', 'project:hermes', 'urgent'], '{"title": "Refactor billing", "estimate": 1, "done": false, "labels": []}', '2024-03-21 12:04:09+00', '2024-03-21 12:04:09+00'),
  ('db9109050f8b2788dc24c6f134de35bd', ARRAY['type:task', 'status:blocked', 'priority:3', 'project:apollo', 'label:ui'], '{"title": "Audit permissions", "estimate": 5, "done": false, "labels": ["ui"]}', '2024-03-23 01:20:39+00', '2024-03-29 23:39:39+00'),
  ('95c38b429ee2c935a08af70bc998871a', ARRAY['type:task', 'status:in_progress', 'assignee:erin', 'project:apollo', 'label:ui'], '{"title": "Dark mode", "estimate": 10, "done": false, "labels": ["ui"]}', '2024-03-24 18:11:05+00', '2024-04-01 10:00:05+00'),
  ('0141b93c90795787d01aa181098d4c6e', ARRAY['type:task', 'status:open', 'priority:2', 'assignee:carol', 'project:hermes', 'label:infra', 'label:ui', 'label:backend'], '{"title": "Rate limit webhooks", "estimate": 7, "done": false, "labels": ["infra", "ui", "backend"]}', '2024-03-26 03:12:55+00', '2024-04-02 16:58:55+00'),
  ('792b21369b3951b09211d0cceeaf52bf', ARRAY['type:task', 'status:in_progress', 'priority:4', 'assignee:bob', 'project:apollo', 'label:ui', 'urgent'], '{"title": "Migrate to new CI", "estimate": 1, "done": false, "labels": ["ui"]}', '2024-03-27 16:40:04.051006+00', '2024-04-02 13:13:04.051006+00'),
  ('969df2083426a285f6f8867089c5b7fe', ARRAY['type:task', 'status:open', 'priority:2', 'assignee:alice', 'project:hermes', 'label:infra', 'label:docs'], '{"title": "Translate settings page", "estimate": 10, "done": false, "labels": ["infra", "docs"]}', '2024-03-29 05:41:33+00', '2024-03-29 05:41:33+00'),
  ('8e501c8cde75ce3b90b9693c9b30746e', ARRAY['type:task', 'status:blocked', 'priority:4', 'assignee:erin', 'project:apollo', 'label:docs', 'label:security', 'label:backend'], '{"title": "Profile slow queries", "estimate": 3, "done": false, "labels": ["docs", "security", "backend"]}', '2024-03-30 21:40:49+00', '2024-03-30 21:40:49+00'),
  ('ac499792c3d87684b6ff46775928b9c1', ARRAY['type:task', 'status:review', 'assignee:bob', 'project:hermes', 'urgent'], NULL, '2024-04-01 12:08:32+00', '2024-04-06 10:46:32+00'),
  ('f6239770df3030c2d29da150dc4faf4e', ARRAY['type:task', 'status:done', 'priority:2', 'assignee:erin', 'project:hermes', 'label:docs', 'label:security', 'label:ui'], '{"title": "Fix login redirect", "estimate": 2, "done": true, "labels": ["docs", "security", "ui"]}', '2024-04-02 20:21:47+00', '2024-04-09 09:25:47+00');

INSERT INTO tracker.entities (id, tags, content, created_at, updated_at) VALUES
  ('welcome', ARRAY['type:task', 'status:open', 'status:open', 'type:task'], '{"title": "Welcome", "estimate": 0, "done": false, "labels": []}', '2024-09-01 12:00:00+00', '2024-09-01 12:00:00+00'),
  ('task-2024-001', ARRAY['type:task', 'status:done', 'url:https://example.com/a:b', 'note:ratio 3:2'], '{"title": "Colons", "estimate": 2, "done": true, "labels": ["docs"]}', '2024-09-01 13:00:00+00', '2024-09-03 12:00:00+00'),
  ('ea3881226947d8fa4c5c418ea011001f', ARRAY['type:task', 'status:review', 'note:hello, world', 'title:"quoted"', 'path:C:\tmp', 'set:{a,b}', 'label:ui'], '{"title": "Quoting edge", "estimate": 5, "done": false, "labels": ["ui"]}', '2024-09-01 14:00:00+00', '2024-09-01 14:00:00+00'),
  ('5e8f81aa5a3d897047cd4afb5cedc480', '{}', NULL, '2024-09-01 15:00:00+00', '2024-09-01 15:00:00+00'),
  ('c695beb1b6153381e9eab97c10f0dd49', ARRAY['type:task', 'status:', 'status:'], '', '2024-09-01 16:00:00+00', '2024-09-01 17:00:00+00'),
  ('298d8cc533e1f9c70bd4648fbdff1cb4', ARRAY['Type:Task', 'STATUS:OPEN', 'status:open', 'type:task', 'label:café', 'assignee:Zoë'], '{"title": "Café ☕", "estimate": 1, "done": false, "labels": ["ui"]}', '2024-09-01 18:00:00+00', '2024-09-01 19:00:00+00'),
  ('92c74d46088a400fa474b0c43e6dea88', ARRAY['type:task', 'status:open', 'priority:2', 'tie'], NULL, '2024-09-02 12:00:00+00', '2024-09-02 12:00:00+00'),
  ('55644d7e434f0206913069787d9571f7', ARRAY['type:task', 'status:done', 'priority:2', 'tie'], NULL, '2024-09-02 12:00:00+00', '2024-09-02 13:00:00+00');

-- metrics: host x metric x 4 samples, 15 minutes apart.
INSERT INTO metrics.entities (id, tags, content, created_at, updated_at) VALUES
  ('d410bb3986ed00c436e68a133837a9ee', ARRAY['type:metric', 'host:web-1', 'metric:cpu', 'region:eu'], '62.27', '2024-06-01 00:01:00+00', '2024-06-01 00:01:00+00'),
  ('f29945c6ce0d997213deb9d307f5034a', ARRAY['type:metric', 'host:web-1', 'metric:cpu', 'region:eu'], '62.9', '2024-06-01 00:16:00+00', '2024-06-01 00:16:00+00'),
  ('379446266bbcfcaab3a00f979df447d2', ARRAY['type:metric', 'host:web-1', 'metric:cpu', 'region:eu'], '11.4', '2024-06-01 00:31:00+00', '2024-06-01 00:31:00+00'),
  ('cf52eb5b29a0922a9650a59ef238f863', ARRAY['type:metric', 'host:web-1', 'metric:cpu', 'region:eu'], '75.78', '2024-06-01 00:46:00+00', '2024-06-01 00:46:00+00'),
  ('42edd3c7911df7a0a026b5adb965e3d8', ARRAY['type:metric', 'host:web-1', 'metric:mem', 'region:eu'], '93', '2024-06-01 00:01:01+00', '2024-06-01 00:01:01+00'),
  ('40a0e754005dddd7a80386d5e295c8a6', ARRAY['type:metric', 'host:web-1', 'metric:mem', 'region:eu'], '18', '2024-06-01 00:16:01+00', '2024-06-01 00:16:01+00'),
  ('64f8d1a6fab7f6dac775f29f5f5799d6', ARRAY['type:metric', 'host:web-1', 'metric:mem', 'region:eu'], '91.63', '2024-06-01 00:31:01+00', '2024-06-01 00:31:01+00'),
  ('dbf52108091fa9290c3cae6ea438678c', ARRAY['type:metric', 'host:web-1', 'metric:mem', 'region:eu'], '83.25', '2024-06-01 00:46:01+00', '2024-06-01 00:46:01+00'),
  ('56004793bd15999523c4e4c6863a5fef', ARRAY['type:metric', 'host:web-1', 'metric:disk', 'region:eu'], '56.04', '2024-06-01 00:01:02+00', '2024-06-01 00:01:02+00'),
  ('0a198f6014314c8aecdf619a6ec2a0b1', ARRAY['type:metric', 'host:web-1', 'metric:disk', 'region:eu'], '59.57', '2024-06-01 00:16:02+00', '2024-06-01 00:16:02+00'),
  ('cb2baf8db4c6ef4a6aa32b684c44f691', ARRAY['type:metric', 'host:web-1', 'metric:disk', 'region:eu'], '54.0', '2024-06-01 00:31:02+00', '2024-06-01 00:31:02+00'),
  ('aa927e4eadcf0bd8ca0b1eba2cc0dcfe', ARRAY['type:metric', 'host:web-1', 'metric:disk', 'region:eu'], '92', '2024-06-01 00:46:02+00', '2024-06-01 00:46:02+00'),
  ('8f1bccfdf1b77cc8e23f8807863237a5', ARRAY['type:metric', 'host:web-2', 'metric:cpu', 'region:eu'], '12.86', '2024-06-01 00:02:00+00', '2024-06-01 00:02:00+00'),
  ('3afa26ce44db205f065c31eba162eaad', ARRAY['type:metric', 'host:web-2', 'metric:cpu', 'region:eu'], '83.2', '2024-06-01 00:17:00+00', '2024-06-01 00:17:00+00'),
  ('307dbd04990983d59d0239d6917b2793', ARRAY['type:metric', 'host:web-2', 'metric:cpu', 'region:eu'], '51.4', '2024-06-01 00:32:00+00', '2024-06-01 00:32:00+00'),
  ('480a71da9ab6a0216f2bc5186bfcfd05', ARRAY['type:metric', 'host:web-2', 'metric:cpu', 'region:eu'], '57.78', '2024-06-01 00:47:00+00', '2024-06-01 00:47:00+00'),
  ('b34ef3c772fd183255976a211da6d0bc', ARRAY['type:metric', 'host:web-2', 'metric:mem', 'region:eu'], '75', '2024-06-01 00:02:01+00', '2024-06-01 00:02:01+00'),
  ('0853a6b18e40fb33f76ad06c0f86c26c', ARRAY['type:metric', 'host:web-2', 'metric:mem', 'region:eu'], '6', '2024-06-01 00:17:01+00', '2024-06-01 00:17:01+00'),
  ('4d6150d59ce5ebba6dff212ecb570426', ARRAY['type:metric', 'host:web-2', 'metric:mem', 'region:eu'], '88.0', '2024-06-01 00:32:01+00', '2024-06-01 00:32:01+00'),
  ('733bbc89c1a2639709cd77465b76911a', ARRAY['type:metric', 'host:web-2', 'metric:mem', 'region:eu'], '65.01', '2024-06-01 00:47:01+00', '2024-06-01 00:47:01+00'),
  ('8966f3ddf1f85433c49f62deec1b5f93', ARRAY['type:metric', 'host:web-2', 'metric:disk', 'region:eu'], '100', '2024-06-01 00:02:02+00', '2024-06-01 00:02:02+00'),
  ('5eba002aac703c0e4f730251e7f8a03e', ARRAY['type:metric', 'host:web-2', 'metric:disk', 'region:eu'], '38', '2024-06-01 00:17:02+00', '2024-06-01 00:17:02+00'),
  ('e17f3b62fd6b5be51cc17e2b841bec02', ARRAY['type:metric', 'host:web-2', 'metric:disk', 'region:eu'], '10', '2024-06-01 00:32:02+00', '2024-06-01 00:32:02+00'),
  ('27b2a9539eb47744df7a739528f00555', ARRAY['type:metric', 'host:web-2', 'metric:disk', 'region:eu'], '46', '2024-06-01 00:47:02+00', '2024-06-01 00:47:02+00');

INSERT INTO metrics.entities (id, tags, content, created_at, updated_at) VALUES
  ('4158e309dd5ec1d5c651c7b1af8177ea', ARRAY['type:metric', 'host:web-3', 'metric:cpu', 'region:us'], '78.3', '2024-06-01 00:03:00+00', '2024-06-01 00:03:00+00'),
  ('a41d0ee2d38cbd1ca4100c25b1a0f92b', ARRAY['type:metric', 'host:web-3', 'metric:cpu', 'region:us'], '17.0', '2024-06-01 00:18:00+00', '2024-06-01 00:18:00+00'),
  ('a6e62dbb6f893f0a0c6188d47d982cdf', ARRAY['type:metric', 'host:web-3', 'metric:cpu', 'region:us'], '96.0', '2024-06-01 00:33:00+00', '2024-06-01 00:33:00+00'),
  ('c99aac9995f19f42dc05d538ab6e898b', ARRAY['type:metric', 'host:web-3', 'metric:cpu', 'region:us'], '3.6', '2024-06-01 00:48:00+00', '2024-06-01 00:48:00+00'),
  ('eb640d4a01c1b45bd5f99d6bb98b3753', ARRAY['type:metric', 'host:web-3', 'metric:mem', 'region:us'], '48.0', '2024-06-01 00:03:01+00', '2024-06-01 00:03:01+00'),
  ('686cac7cdf688b7a51a78490001273af', ARRAY['type:metric', 'host:web-3', 'metric:mem', 'region:us'], '85.9', '2024-06-01 00:18:01+00', '2024-06-01 00:18:01+00'),
  ('19269585cc8c0f8f59e4e99d1a46771a', ARRAY['type:metric', 'host:web-3', 'metric:mem', 'region:us'], '28.58', '2024-06-01 00:33:01+00', '2024-06-01 00:33:01+00'),
  ('41d69553828090ead2e6893459eb0c8e', ARRAY['type:metric', 'host:web-3', 'metric:mem', 'region:us'], '98', '2024-06-01 00:48:01+00', '2024-06-01 00:48:01+00'),
  ('226061533b9192474c8731734fa8602c', ARRAY['type:metric', 'host:web-3', 'metric:disk', 'region:us'], '45', '2024-06-01 00:03:02+00', '2024-06-01 00:03:02+00'),
  ('350e23358ea639d5762585018ab327a4', ARRAY['type:metric', 'host:web-3', 'metric:disk', 'region:us'], '20.0', '2024-06-01 00:18:02+00', '2024-06-01 00:18:02+00'),
  ('4d01983a6dd1e64920b9c3b2169ad47f', ARRAY['type:metric', 'host:web-3', 'metric:disk', 'region:us'], '5.79', '2024-06-01 00:33:02+00', '2024-06-01 00:33:02+00'),
  ('a5e658db5d032a93d4bcf686af989a31', ARRAY['type:metric', 'host:web-3', 'metric:disk', 'region:us'], '5.0', '2024-06-01 00:48:02+00', '2024-06-01 00:48:02+00'),
  ('afeb3ee2851d8af14c379b1119244e45', ARRAY['type:metric', 'host:web-4', 'metric:cpu', 'region:us'], '77.0', '2024-06-01 00:04:00+00', '2024-06-01 00:04:00+00'),
  ('9b9d059999718fbad4cbfd4d40fdaab3', ARRAY['type:metric', 'host:web-4', 'metric:cpu', 'region:us'], '86.8', '2024-06-01 00:19:00+00', '2024-06-01 00:19:00+00'),
  ('c5f0297fa006b31a8d67e89b749fe788', ARRAY['type:metric', 'host:web-4', 'metric:cpu', 'region:us'], '39.9', '2024-06-01 00:34:00+00', '2024-06-01 00:34:00+00'),
  ('c5bec3fa5a133627bcc1dd0182f48de8', ARRAY['type:metric', 'host:web-4', 'metric:cpu', 'region:us'], '43.7', '2024-06-01 00:49:00+00', '2024-06-01 00:49:00+00'),
  ('2c8b40f4e2a14daf80bb0ed117604cb1', ARRAY['type:metric', 'host:web-4', 'metric:mem', 'region:us'], '56.9', '2024-06-01 00:04:01+00', '2024-06-01 00:04:01+00'),
  ('89a0a2b9bc20ed35b530505947a97b96', ARRAY['type:metric', 'host:web-4', 'metric:mem', 'region:us'], '58.49', '2024-06-01 00:19:01+00', '2024-06-01 00:19:01+00'),
  ('4c95d6283ebd0f6e3e2b2961c7fc7cf1', ARRAY['type:metric', 'host:web-4', 'metric:mem', 'region:us'], '29.9', '2024-06-01 00:34:01+00', '2024-06-01 00:34:01+00'),
  ('9a32b2448ac47407a629443d65fda667', ARRAY['type:metric', 'host:web-4', 'metric:mem', 'region:us'], '53', '2024-06-01 00:49:01+00', '2024-06-01 00:49:01+00'),
  ('9668ddaa222636cbf96858ab292d70de', ARRAY['type:metric', 'host:web-4', 'metric:disk', 'region:us'], '43.15', '2024-06-01 00:04:02+00', '2024-06-01 00:04:02+00'),
  ('b87a16a80c7f742d0ab863c1a7665c09', ARRAY['type:metric', 'host:web-4', 'metric:disk', 'region:us'], '0', '2024-06-01 00:19:02+00', '2024-06-01 00:19:02+00'),
  ('9e4420801e6760fdefc1785df4720e1a', ARRAY['type:metric', 'host:web-4', 'metric:disk', 'region:us'], '48.5', '2024-06-01 00:34:02+00', '2024-06-01 00:34:02+00'),
  ('f53c2257643e4478bc74a140d430dc6c', ARRAY['type:metric', 'host:web-4', 'metric:disk', 'region:us'], '25.1', '2024-06-01 00:49:02+00', '2024-06-01 00:49:02+00');

-- config: human-chosen ids.
INSERT INTO config.entities (id, tags, content, created_at, updated_at) VALUES
  ('cfg-prod-api-max_connections', ARRAY['type:config', 'env:prod', 'service:api'], 'max_connections=200', '2023-11-01 10:00:00+00', '2023-11-01 10:00:00+00'),
  ('cfg-prod-worker-concurrency', ARRAY['type:config', 'env:prod', 'service:worker'], 'concurrency=8', '2023-11-04 10:00:00+00', '2023-11-05 10:00:00+00'),
  ('cfg-staging-api-max_connections', ARRAY['type:config', 'env:staging', 'service:api'], 'max_connections=50', '2023-11-07 10:00:00+00', '2023-11-09 10:00:00+00'),
  ('cfg-staging-worker-concurrency', ARRAY['type:config', 'env:staging', 'service:worker'], 'concurrency=2', '2023-11-10 10:00:00+00', '2023-11-13 10:00:00+00'),
  ('cfg-dev-api-debug', ARRAY['type:config', 'env:dev', 'service:api'], 'debug=true', '2023-11-13 10:00:00+00', '2023-11-17 10:00:00+00'),
  ('cfg-dev-worker-debug', ARRAY['type:config', 'env:dev', 'service:worker'], 'debug=true', '2023-11-16 10:00:00+00', '2023-11-21 10:00:00+00'),
  ('cfg-prod-api-timeout', ARRAY['type:config', 'env:prod', 'service:api'], 'timeout=30s', '2023-11-19 10:00:00+00', '2023-11-25 10:00:00+00'),
  ('cfg-prod-worker-retries', ARRAY['type:config', 'env:prod', 'service:worker'], 'retries=5', '2023-11-22 10:00:00+00', '2023-11-29 10:00:00+00');

-- blobs: content as hex bytea literals; blob-5 is 'héllo' in UTF-8.
INSERT INTO blobs.entities (id, tags, content, created_at, updated_at) VALUES
  ('f20237f5f45ec9d7469ecc19e4eb0afc', ARRAY['type:blob', 'format:raw'], '\x00', '2024-02-01 00:00:00+00', '2024-02-01 00:00:00+00'),
  ('cd3f8f515e076480036a397e70460ebb', ARRAY['type:blob', 'format:raw'], '\xdeadbeef', '2024-02-02 00:00:00+00', '2024-02-02 00:00:00+00'),
  ('f55a46dfb03a40ee551022493257e562', ARRAY['type:blob', 'format:none'], NULL, '2024-02-03 00:00:00+00', '2024-02-03 00:00:00+00'),
  ('5abfb582bae6450193ab3b7a2290ea39', ARRAY['type:blob', 'format:empty'], '\x', '2024-02-04 00:00:00+00', '2024-02-04 00:00:00+00'),
  ('9addf19da48f8cff6c9db45e134b3921', ARRAY['type:blob', 'format:utf8'], '\x68c3a96c6c6f', '2024-02-05 00:00:00+00', '2024-02-05 00:00:00+00');

-- public: the default namespace.
INSERT INTO public.entities (id, tags, content, created_at, updated_at) VALUES
  ('note-1', ARRAY['type:note', 'owner:alice', 'topic:welcome'], 'Notes about welcome', '2024-03-01 09:00:00+00', '2024-03-01 09:00:00+00'),
  ('note-2', ARRAY['type:note', 'owner:bob', 'topic:standup'], 'Notes about standup', '2024-03-02 09:00:00+00', '2024-03-02 09:00:00+00'),
  ('note-3', ARRAY['type:note', 'owner:carol', 'topic:retro'], 'Notes about retro', '2024-03-03 09:00:00+00', '2024-03-03 09:00:00+00'),
  ('note-4', ARRAY['type:note', 'owner:alice', 'topic:planning'], 'Notes about planning', '2024-03-04 09:00:00+00', '2024-03-04 09:00:00+00');
