-- Tag predicates in every form the index answers, and their combinations,
-- on the fixture (read only).

-- Containment: all of the tags.
SELECT id FROM tracker.entities WHERE tags @> ARRAY['status:open'] ORDER BY id;
SELECT id FROM tracker.entities WHERE tags @> ARRAY['status:open', 'project:apollo'] ORDER BY id;
SELECT id FROM tracker.entities WHERE tags @> ARRAY['project:apollo', 'status:open', 'assignee:alice'] ORDER BY id;
SELECT count(*) FROM tracker.entities WHERE tags @> ARRAY['type:task'];
SELECT count(*) FROM tracker.entities WHERE tags @> '{type:task,urgent}';
SELECT count(*) FROM tracker.entities WHERE tags @> ARRAY['no:such:tag'];
SELECT count(*) FROM tracker.entities WHERE tags @> ARRAY['status:open', 'status:done'];
-- Duplicates in the probe or in the row change nothing.
SELECT count(*) FROM tracker.entities WHERE tags @> ARRAY['status:open', 'status:open'];
SELECT id FROM tracker.entities WHERE tags @> ARRAY['type:task', 'status:open'] AND id = 'welcome';
-- The empty array is contained in every array.
SELECT count(*) FROM tracker.entities WHERE tags @> '{}';
SELECT count(*) FROM tracker.entities WHERE tags @> ARRAY[]::text[];
-- Contained by.
SELECT id FROM tracker.entities WHERE tags <@ ARRAY['type:task', 'status:open', 'status:done', 'url:https://example.com/a:b', 'note:ratio 3:2'] ORDER BY id;
SELECT id FROM tracker.entities WHERE ARRAY['status:open'] <@ tags AND tags @> ARRAY['priority:1'] ORDER BY id;
-- Exact array equality respects order and duplicates.
SELECT id FROM tracker.entities WHERE tags = ARRAY['type:task', 'status:open', 'status:open', 'type:task'];
SELECT id FROM tracker.entities WHERE tags = ARRAY['type:task', 'status:open'];
SELECT id FROM tracker.entities WHERE tags = '{}';
SELECT id FROM tracker.entities WHERE cardinality(tags) = 0;

-- Overlap: any of the tags.
SELECT id FROM tracker.entities WHERE tags && ARRAY['status:blocked', 'urgent'] ORDER BY id;
SELECT count(*) FROM tracker.entities WHERE tags && ARRAY['assignee:alice', 'assignee:bob'];
SELECT count(*) FROM tracker.entities WHERE tags && ARRAY['nope', 'nada'];
SELECT count(*) FROM tracker.entities WHERE tags && '{}';
SELECT count(*) FROM tracker.entities WHERE tags && ARRAY['label:ui'] AND tags && ARRAY['label:docs', 'label:infra'];

-- = ANY and its relatives.
SELECT id FROM tracker.entities WHERE 'urgent' = ANY(tags) ORDER BY id;
SELECT count(*) FROM tracker.entities WHERE 'status:done' = ANY(tags);
SELECT count(*) FROM tracker.entities WHERE tags[1] = 'type:task';
SELECT count(*) FROM tracker.entities WHERE 'status:done' <> ALL(tags);
SELECT count(*) FROM tracker.entities WHERE NOT ('status:done' = ANY(tags));
SELECT count(*) FROM tracker.entities WHERE 'status:done' = ANY(tags) OR 'status:review' = ANY(tags);
SELECT count(*) FROM tracker.entities WHERE 'Status:Open' = ANY(tags);
SELECT count(*) FROM tracker.entities WHERE 'status:open' = ANY(tags);
SELECT count(*) FROM tracker.entities WHERE '' = ANY(tags);
SELECT count(*) FROM tracker.entities WHERE 'status:' = ANY(tags);
SELECT count(*) FROM tracker.entities WHERE 'label:café' = ANY(tags);
SELECT id FROM tracker.entities WHERE 'note:hello, world' = ANY(tags);
SELECT id FROM tracker.entities WHERE 'path:C:\tmp' = ANY(tags);
SELECT id FROM tracker.entities WHERE 'title:"quoted"' = ANY(tags);
SELECT id FROM tracker.entities WHERE 'url:https://example.com/a:b' = ANY(tags);

-- NOT.
SELECT count(*) FROM tracker.entities WHERE NOT tags @> ARRAY['status:done'];
SELECT count(*) FROM tracker.entities WHERE NOT tags && ARRAY['label:ui', 'label:docs'];
SELECT id FROM tracker.entities WHERE tags @> ARRAY['project:zeus'] AND NOT tags @> ARRAY['status:done'] ORDER BY id;
SELECT count(*) FROM tracker.entities WHERE NOT (tags @> ARRAY['project:zeus'] OR tags @> ARRAY['project:hermes']);
SELECT count(*) FROM tracker.entities WHERE NOT NOT tags @> ARRAY['urgent'];
SELECT count(*) FROM tracker.entities WHERE NOT (tags @> ARRAY['type:task'] AND NOT tags @> ARRAY['status:open']);

-- Nested AND/OR.
SELECT id FROM tracker.entities
WHERE tags @> ARRAY['project:apollo'] AND (tags @> ARRAY['status:open'] OR tags @> ARRAY['status:blocked'])
ORDER BY id;
SELECT id FROM tracker.entities
WHERE (tags @> ARRAY['assignee:alice'] AND tags @> ARRAY['priority:1']) OR (tags @> ARRAY['assignee:bob'] AND 'urgent' = ANY(tags))
ORDER BY id;
SELECT count(*) FROM tracker.entities
WHERE (tags && ARRAY['label:ui', 'label:security'] OR 'urgent' = ANY(tags))
  AND NOT (tags @> ARRAY['status:done'] OR tags @> ARRAY['archived']);
SELECT count(*) FROM tracker.entities
WHERE tags @> ARRAY['type:task'] AND (tags @> ARRAY['project:zeus'] OR (tags @> ARRAY['project:hermes'] AND NOT tags && ARRAY['priority:3', 'priority:4']));
SELECT count(*) FROM tracker.entities WHERE tags @> ARRAY['status:open'] OR true;
SELECT count(*) FROM tracker.entities WHERE tags @> ARRAY['status:open'] AND false;
SELECT count(*) FROM tracker.entities WHERE tags @> ARRAY['status:open'] AND 1 = 1;

-- Prefix: the helper and the EXISTS-unnest-LIKE form, which agree.
SELECT count(*) FROM tracker.entities WHERE has_tag_like(tags, 'priority:%');
SELECT count(*) FROM tracker.entities WHERE EXISTS (SELECT 1 FROM unnest(tags) t WHERE t LIKE 'priority:%');
SELECT count(*) FROM tracker.entities WHERE NOT has_tag_like(tags, 'priority:%');
SELECT count(*) FROM tracker.entities WHERE NOT EXISTS (SELECT 1 FROM unnest(tags) t WHERE t LIKE 'priority:%');
SELECT id FROM tracker.entities WHERE has_tag_like(tags, 'url:%') OR has_tag_like(tags, 'note:%') ORDER BY id;
SELECT id FROM tracker.entities WHERE EXISTS (SELECT 1 FROM unnest(tags) AS u(tag) WHERE tag LIKE 'note:%') ORDER BY id;
SELECT count(*) FROM tracker.entities WHERE has_tag_like(tags, 'label:%') AND tags @> ARRAY['status:open'];
SELECT count(*) FROM tracker.entities WHERE has_tag_like(tags, 'status:%');
SELECT count(*) FROM tracker.entities WHERE has_tag_like(tags, 'status:');
SELECT count(*) FROM tracker.entities WHERE has_tag_like(tags, 'STATUS:%');
SELECT count(*) FROM tracker.entities WHERE has_tag_like(tags, '%');
SELECT count(*) FROM tracker.entities WHERE has_tag_like(tags, '');
SELECT count(*) FROM tracker.entities WHERE has_tag_like(tags, 'assignee:_ob');
SELECT count(*) FROM tracker.entities WHERE has_tag_like(tags, '%:open');
SELECT count(*) FROM tracker.entities WHERE has_tag_like(tags, 'label:%i%');
SELECT count(*) FROM tracker.entities WHERE has_tag_like(tags, 'path:C:\\%');
SELECT count(*) FROM tracker.entities WHERE has_tag_like(tags, 'label:caf_');
SELECT count(*) FROM tracker.entities WHERE has_tag_like(tags, 'priority:' || '%');
SELECT count(*) FROM tracker.entities WHERE has_tag_like(tags, NULL);
SELECT id FROM tracker.entities WHERE EXISTS (SELECT 1 FROM unnest(tags) t WHERE t LIKE 'assignee:%' AND t <> 'assignee:erin') AND tags @> ARRAY['project:zeus'] ORDER BY id;
SELECT count(*) FROM tracker.entities WHERE EXISTS (SELECT 1 FROM unnest(tags) t WHERE t ILIKE 'status:open');
SELECT count(*) FROM tracker.entities WHERE EXISTS (SELECT 1 FROM unnest(tags) t WHERE t ~ '^priority:[34]$');

-- Tag values.
SELECT id, tag_value(tags, 'priority') FROM tracker.entities WHERE tags @> ARRAY['project:zeus'] ORDER BY id;
SELECT count(*) FROM tracker.entities WHERE tag_value(tags, 'priority')::int >= 3;
SELECT count(*) FROM tracker.entities WHERE tag_value(tags, 'priority') IS NULL;
SELECT id, tag_value(tags, 'url'), tag_value(tags, 'note') FROM tracker.entities WHERE id = 'task-2024-001';
SELECT id, tag_value(tags, 'status') FROM tracker.entities WHERE tags @> ARRAY['status:open', 'type:task'] AND tag_value(tags, 'status') <> 'open' ORDER BY id;
SELECT tag_value(tags, 'status'), tag_value(tags, 'STATUS'), tag_value(tags, 'Type') FROM tracker.entities WHERE id = md5('edge-case');
SELECT tag_value(tags, ''), tag_value(tags, 'status') FROM tracker.entities WHERE id = md5('edge-emptytag');
SELECT tag_value(ARRAY['k:v1', 'k:v2'], 'k'), tag_value(ARRAY['k'], 'k'), tag_value(ARRAY['kk:1', 'k:2'], 'k'), tag_value(NULL, 'k'), tag_value(ARRAY['k:1'], NULL);

-- ids.
SELECT id, tags FROM tracker.entities WHERE id = 'welcome';
SELECT id FROM tracker.entities WHERE id = 'nope';
SELECT id FROM tracker.entities WHERE id IN ('welcome', 'task-2024-001', 'nope') ORDER BY id;
SELECT id FROM tracker.entities WHERE id = ANY(ARRAY['welcome', 'task-2024-001']) ORDER BY id;
SELECT id FROM tracker.entities WHERE id IN ('welcome', 'task-2024-001') AND tags @> ARRAY['status:done'];
SELECT id FROM tracker.entities WHERE id NOT IN (SELECT id FROM tracker.entities WHERE tags @> ARRAY['type:task']) ORDER BY id;
SELECT id FROM tracker.entities WHERE id IN (md5('edge-tie-a'), md5('edge-tie-b')) ORDER BY id;
SELECT count(*) FROM tracker.entities WHERE id LIKE 'a%';
SELECT id FROM tracker.entities WHERE id > 'f' ORDER BY id;
SELECT id FROM tracker.entities WHERE id BETWEEN 'a' AND 'b' ORDER BY id;
SELECT id FROM tracker.entities WHERE id = 'welcome' OR tags @> ARRAY['status:blocked'] ORDER BY id;
SELECT id FROM tracker.entities WHERE id = 'WELCOME';

-- created_at ranges.
SELECT id, created_at FROM tracker.entities WHERE created_at >= '2024-03-01' AND created_at < '2024-03-15' ORDER BY created_at, id;
SELECT count(*) FROM tracker.entities WHERE created_at < '2024-02-01 00:00:00+00';
SELECT count(*) FROM tracker.entities WHERE created_at BETWEEN '2024-02-01' AND '2024-02-29 23:59:59';
SELECT count(*) FROM tracker.entities WHERE created_at >= date '2024-04-01';
SELECT count(*) FROM tracker.entities WHERE created_at > timestamp '2024-04-01 12:00';
SELECT count(*) FROM tracker.entities WHERE created_at > '2024-04-01 12:00:00+02';
SELECT count(*) FROM tracker.entities WHERE created_at >= '2024-09-01' AND tags @> ARRAY['status:open'];
SELECT id FROM tracker.entities WHERE created_at = '2024-09-02 12:00:00+00' ORDER BY id;
SELECT count(*) FROM tracker.entities WHERE created_at > '2099-01-01';
SELECT count(*) FROM tracker.entities WHERE created_at < '2024-03-01' OR created_at >= '2024-08-01';
SELECT count(*) FROM tracker.entities WHERE updated_at > created_at + interval '7 days';
SELECT count(*) FROM tracker.entities WHERE created_at >= '2024-01-12 06:19:29.665987+00' AND created_at <= '2024-01-12 06:19:29.665987+00';
SELECT count(*) FROM tracker.entities WHERE created_at > '2024-01-12 06:19:29.665986+00' AND created_at < '2024-01-12 06:19:29.665988+00';

-- Ordered access with a tag filter.
SELECT id, created_at FROM tracker.entities WHERE tags @> ARRAY['status:open'] ORDER BY created_at DESC, id LIMIT 5;
SELECT id, created_at FROM tracker.entities WHERE tags @> ARRAY['status:open'] ORDER BY created_at LIMIT 3;
SELECT id FROM tracker.entities WHERE tags && ARRAY['label:ui', 'label:infra'] ORDER BY id LIMIT 4;
SELECT id FROM tracker.entities WHERE tags && ARRAY['label:ui', 'label:infra'] ORDER BY id DESC LIMIT 4 OFFSET 2;
SELECT id, created_at FROM tracker.entities WHERE tags @> ARRAY['tie'] ORDER BY created_at DESC, id DESC LIMIT 1;
SELECT id FROM tracker.entities WHERE tags @> ARRAY['type:task'] AND created_at > '2024-06-01' ORDER BY created_at LIMIT 2;
SELECT id FROM tracker.entities WHERE NOT tags @> ARRAY['type:task'] ORDER BY created_at DESC LIMIT 10;
SELECT id FROM tracker.entities WHERE tags @> ARRAY['status:open'] ORDER BY updated_at DESC, id LIMIT 3;

-- count(*) forms.
SELECT count(*) FROM tracker.entities;
SELECT count(*) FROM tracker.entities WHERE has_tag_like(tags, 'assignee:%') AND NOT tags && ARRAY['assignee:erin'];
SELECT count(*) AS n FROM tracker.entities WHERE tags @> ARRAY['type:task'] AND created_at < '2024-05-01';
SELECT count(id), count(content), count(*) FROM tracker.entities WHERE tags @> ARRAY['status:done'];
SELECT count(*) > 0 FROM tracker.entities WHERE tags @> ARRAY['urgent'];
SELECT count(*) FROM tracker.entities WHERE tags @> ARRAY['status:open'] GROUP BY ();

-- Parameters.
-- args ["{status:open,project:apollo}"]
SELECT count(*) FROM tracker.entities WHERE tags @> $1;
-- args ["{status:open,project:apollo}"]
SELECT count(*) FROM tracker.entities WHERE tags && $1::text[];
-- args ["urgent"]
SELECT id FROM tracker.entities WHERE $1 = ANY(tags) ORDER BY id;
-- args ["label:%"]
SELECT count(*) FROM tracker.entities WHERE has_tag_like(tags, $1);
-- args ["assignee:%"]
SELECT count(*) FROM tracker.entities WHERE EXISTS (SELECT 1 FROM unnest(tags) t WHERE t LIKE $1);
-- args ["welcome", "task-2024-001"]
SELECT id FROM tracker.entities WHERE id IN ($1, $2) ORDER BY id;
-- args ["2024-03-01", "2024-04-01"]
SELECT count(*) FROM tracker.entities WHERE created_at >= $1 AND created_at < $2;
-- args ["status"]
SELECT tag_value(tags, $1) AS v, count(*) FROM tracker.entities GROUP BY v ORDER BY v NULLS LAST;

-- Other namespaces.
SELECT count(*) FROM metrics.entities WHERE tags @> ARRAY['metric:cpu', 'region:eu'];
SELECT id FROM metrics.entities WHERE tags @> ARRAY['host:web-3', 'metric:disk'] ORDER BY created_at DESC LIMIT 2;
SELECT count(*) FROM config.entities WHERE tags && ARRAY['env:prod', 'env:staging'] AND tags @> ARRAY['service:api'];
SELECT id FROM config.entities WHERE has_tag_like(tags, 'env:d%') ORDER BY id;
SELECT count(*) FROM empty.entities WHERE tags @> ARRAY['type:task'];
SELECT count(*) FROM public.entities WHERE 'owner:alice' = ANY(tags);
SELECT count(*) FROM entities WHERE tags @> ARRAY['type:note'];
SELECT count(*) FROM blobs.entities WHERE tags @> ARRAY['format:raw'];

-- Spellings the planner must recognize or evaluate faithfully.
SELECT count(*) FROM tracker.entities e WHERE 'urgent' = ANY(e.tags);
SELECT count(*) FROM tracker.entities e WHERE e.tags @> ARRAY['status:open'] AND e.tags && ARRAY['priority:1', 'priority:2'];
SELECT count(*) FROM tracker.entities WHERE ARRAY['status:open']::text[] <@ tags;
SELECT count(*) FROM tracker.entities WHERE tags @> '{status:open}'::text[];
SELECT count(*) FROM tracker.entities WHERE tags @> ARRAY['status:' || 'open'];
SELECT count(*) FROM tracker.entities WHERE tags @> ARRAY[lower('STATUS:OPEN')];
SELECT count(*) FROM tracker.entities WHERE EXISTS (SELECT FROM unnest(tags) t WHERE t LIKE 'label:%');
SELECT count(*) FROM tracker.entities e WHERE EXISTS (SELECT * FROM unnest(e.tags) AS x(t) WHERE x.t LIKE 'label:%');
SELECT count(*) FROM tracker.entities WHERE EXISTS (SELECT 1 FROM unnest(tags) t WHERE t NOT LIKE 'label:%');
SELECT count(*) FROM tracker.entities WHERE EXISTS (SELECT 1 FROM unnest(tags) t WHERE t LIKE 'label:%' OR t = 'urgent');
SELECT count(*) FROM tracker.entities WHERE EXISTS (SELECT 1 FROM unnest(tags) t WHERE t LIKE 'label:%' LIMIT 1);
SELECT count(*) FROM tracker.entities WHERE (SELECT count(*) FROM unnest(tags) t WHERE t LIKE 'label:%') >= 2;
SELECT count(*) FROM tracker.entities WHERE tags @> ARRAY['status:open'] = true;
SELECT count(*) FROM tracker.entities WHERE (tags @> ARRAY['status:open']) IS TRUE;
SELECT count(*) FROM tracker.entities WHERE (tags @> ARRAY['status:open']) IS NOT FALSE;
SELECT count(*) FROM tracker.entities WHERE (tags @> ARRAY['status:open']) = ('urgent' = ANY(tags));
SELECT count(*) FROM tracker.entities WHERE coalesce(tags @> ARRAY['status:open'], false);
SELECT count(*) FROM tracker.entities WHERE CASE WHEN tags @> ARRAY['urgent'] THEN true ELSE tags @> ARRAY['status:blocked'] END;
SELECT count(*) FROM tracker.entities WHERE tags @> ARRAY[NULL]::text[];
SELECT count(*) FROM tracker.entities WHERE tags && ARRAY[NULL, 'urgent'];
SELECT count(*) FROM tracker.entities WHERE NULL = ANY(tags);
SELECT count(*) FROM tracker.entities WHERE NOT (NULL = ANY(tags));
SELECT count(*) FROM tracker.entities WHERE 'urgent' = ANY(tags || ARRAY['x']);
SELECT count(*) FROM tracker.entities WHERE 'urgent' = ANY(array_remove(tags, 'urgent'));
SELECT count(*) FROM tracker.entities WHERE tags[1:2] @> ARRAY['status:open'];
SELECT count(*) FROM tracker.entities WHERE id IN (SELECT id FROM tracker.entities WHERE tags @> ARRAY['urgent']) AND tags @> ARRAY['status:blocked'];
SELECT count(*) FROM tracker.entities WHERE id = ANY(ARRAY(SELECT id FROM tracker.entities WHERE tags @> ARRAY['label:ui']));
-- args ["{welcome,task-2024-001,nope}"]
SELECT id FROM tracker.entities WHERE id = ANY($1::text[]) ORDER BY id;
-- args ["{urgent,archived}"]
SELECT count(*) FROM tracker.entities WHERE tags && $1;
-- args ["status:open", "project:apollo"]
SELECT count(*) FROM tracker.entities WHERE tags @> ARRAY[$1, $2];
-- args ["2024-06-01 00:00:00+00"]
SELECT id FROM tracker.entities WHERE created_at >= $1::timestamptz AND tags @> ARRAY['type:task'] ORDER BY created_at, id LIMIT 3;

-- More predicate shapes applications write: keyset pagination, id ranges,
-- tag arrays compared whole or by position, subquery arrays, FILTER counts.
SELECT id FROM tracker.entities WHERE id > 'a' ORDER BY id LIMIT 5;
SELECT id FROM tracker.entities WHERE (created_at, id) < ('2024-02-01', 'z') ORDER BY created_at DESC, id DESC LIMIT 5;
SELECT id FROM tracker.entities WHERE id LIKE '0%' ORDER BY id;
SELECT id FROM tracker.entities WHERE id BETWEEN '1' AND '3' ORDER BY id;
SELECT count(*) FROM tracker.entities WHERE tags = ARRAY['type:task', 'status:open'];
SELECT count(*) FROM tracker.entities WHERE tags[1] = 'type:task';
SELECT count(*) FROM tracker.entities WHERE cardinality(tags) > 5;
SELECT count(*) FROM tracker.entities WHERE array_position(tags, 'urgent') IS NOT NULL;
SELECT count(*) FROM tracker.entities WHERE tags && ARRAY(SELECT 'status:' || s FROM unnest(ARRAY['open', 'done']) s);
SELECT count(*) FROM tracker.entities WHERE EXISTS (SELECT 1 FROM unnest(tags) t WHERE t LIKE 'status:%' AND t <> 'status:done');
SELECT count(*) FROM tracker.entities WHERE NOT EXISTS (SELECT 1 FROM unnest(tags) t WHERE t LIKE 'label:%');
SELECT id FROM tracker.entities WHERE tags @> ARRAY['type:task'] ORDER BY created_at DESC OFFSET 3 LIMIT 3;
SELECT id FROM tracker.entities WHERE tags @> ARRAY['type:task'] AND created_at > '2024-03-01' ORDER BY created_at LIMIT 3;
SELECT count(*) FROM tracker.entities WHERE 'status:open' = ANY(tags) IS NOT TRUE;
SELECT count(*) FROM tracker.entities WHERE ('status:open' = ANY(tags)) = false;
SELECT count(*) FROM tracker.entities WHERE tags @> ARRAY['status:open'] OR content IS NULL;
SELECT count(*) FROM tracker.entities WHERE tags @> ARRAY['status:open'] AND content::text LIKE '%CSV%';
SELECT count(*) FROM tracker.entities WHERE tags @> ARRAY[upper('status:open')];
SELECT count(*) FROM tracker.entities WHERE tags @> ARRAY[NULL::text];
SELECT count(*) FROM tracker.entities WHERE tags @> '{}' AND tags && '{}';
SELECT tag_value(tags, 'priority')::int AS p, count(*) FROM tracker.entities WHERE has_tag_like(tags, 'assignee:%') GROUP BY 1 ORDER BY 1;
SELECT count(*) FILTER (WHERE tags @> ARRAY['status:open']), count(*) FILTER (WHERE tags @> ARRAY['status:done']) FROM tracker.entities;
SELECT count(DISTINCT t) FROM tracker.entities, unnest(tags) t WHERE t LIKE 'label:%';
SELECT t, count(*) FROM tracker.entities CROSS JOIN LATERAL unnest(tags) WITH ORDINALITY AS u(t, n) WHERE n = 1 GROUP BY t ORDER BY t;
SELECT id FROM tracker.entities WHERE id = ANY('{welcome,nope}') ORDER BY id;
SELECT id FROM tracker.entities WHERE id IN (SELECT id FROM tracker.entities ORDER BY created_at LIMIT 2) ORDER BY id;
