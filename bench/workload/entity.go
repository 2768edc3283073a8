package workload

import (
	"strconv"
	"strings"
	"time"
)

// Entity is one generated entity. Generate fills it in place, reusing its
// slices: copy what must outlive the next call.
type Entity struct {
	ID        string
	Tags      []string
	Content   []byte
	CreatedAt time.Time
}

// Tag distributions (weights in percent). Every entity gets exactly one
// type:, status:, priority: and project: tag, an assignee: tag with
// probability AssigneeShare, and 1–5 distinct label: tags.
var (
	Types         = []string{"type:task", "type:bug", "type:note", "type:doc", "type:epic", "type:story"}
	TypeShare     = []float64{45, 20, 15, 10, 5, 5}
	Statuses      = []string{"status:open", "status:done", "status:in_progress", "status:review", "status:closed", "status:blocked"}
	StatusShare   = []float64{30, 30, 15, 10, 10, 5}
	Priorities    = []string{"priority:medium", "priority:low", "priority:high", "priority:critical"}
	PriorityShare = []float64{40, 30, 20, 10}
)

// AssigneeShare is the probability that an entity has an assignee: tag.
const AssigneeShare = 0.85

// MinLabels and MaxLabels bound the number of label: tags per entity
// (uniform); the total tag count is therefore 5–10, about 7.85 on average.
const (
	MinLabels = 1
	MaxLabels = 5
)

// Content sizes in bytes (uniform, so 300 on average).
const (
	MinContent = 100
	MaxContent = 500
)

var (
	typeDist     = newChoice(Types, TypeShare)
	statusDist   = newChoice(Statuses, StatusShare)
	priorityDist = newChoice(Priorities, PriorityShare)
)

// Generate fills e with entity i of ns. Any i ≥ 0 is valid: indexes past
// ns.Size make new entities (for insert benchmarks) with fresh ids.
func (w *Workload) Generate(ns *Namespace, i int, e *Entity) {
	r := newRNG(w.Config.Seed, uint64(ns.Rank), uint64(i), 0)
	e.ID = ID(i)
	e.CreatedAt = w.CreatedAt(ns, i)
	tags := e.Tags[:0]
	tags = append(tags,
		typeDist.pick(&r),
		statusDist.pick(&r),
		priorityDist.pick(&r),
		projectTag(1+ns.projects.sample(&r)))
	if r.float() < AssigneeShare {
		tags = append(tags, assigneeTag(1+ns.assignees.sample(&r)))
	}
	n := MinLabels + r.intn(MaxLabels-MinLabels+1)
	first := len(tags)
	for len(tags)-first < n {
		l := Labels[labelDist.sample(&r)]
		dup := false
		for _, t := range tags[first:] {
			if t == l {
				dup = true
				break
			}
		}
		if !dup {
			tags = append(tags, l)
		}
	}
	e.Tags = tags
	e.Content = content(e.Content[:0], e.ID, &r)
}

// Entity returns entity i of ns in a new Entity.
func (w *Workload) Entity(ns *Namespace, i int) Entity {
	var e Entity
	w.Generate(ns, i, &e)
	return e
}

// Small integers are rendered once; projects and assignees stay below a few
// thousand per namespace.
var (
	projectTags  = tagTable("project:p", 4096)
	assigneeTags = tagTable("assignee:u", 8192)
)

func tagTable(prefix string, n int) []string {
	t := make([]string, n)
	for k := range t {
		t[k] = prefix + strconv.Itoa(k)
	}
	return t
}

func projectTag(n int) string {
	if n < len(projectTags) {
		return projectTags[n]
	}
	return "project:p" + strconv.Itoa(n)
}

func assigneeTag(n int) string {
	if n < len(assigneeTags) {
		return assigneeTags[n]
	}
	return "assignee:u" + strconv.Itoa(n)
}

// WithTag returns a copy of tags in which the first tag with the given key
// ("key:…") is replaced by key:value (appended if there is none): the tag
// update of the write benchmarks.
func WithTag(tags []string, key, value string) []string {
	out := make([]string, len(tags), len(tags)+1)
	copy(out, tags)
	for k, t := range out {
		if strings.HasPrefix(t, key+":") {
			out[k] = key + ":" + value
			return out
		}
	}
	return append(out, key+":"+value)
}

// contentWords fill the JSON-like content; all are plain ASCII letters.
var contentWords = strings.Fields(`the a of to and in is it for on with as at by from this that
be are was not or but have has had will can should would could may might must
user service request response error timeout retry cache index query table page
build deploy release review merge branch commit test check report metric alert
login token session account billing invoice payment order customer support ticket
screen button form field value list item node edge graph tree queue worker job
slow fast broken fixed missing wrong update create delete rename move copy sync`)

// content appends 100–500 bytes of JSON-like ASCII to buf.
func content(buf []byte, id string, r *rng) []byte {
	size := MinContent + r.intn(MaxContent-MinContent+1)
	buf = append(buf, `{"id":"`...)
	buf = append(buf, id...)
	buf = append(buf, `","title":"`...)
	for k := 0; k < 3+r.intn(4); k++ {
		if k > 0 {
			buf = append(buf, ' ')
		}
		buf = append(buf, contentWords[r.intn(len(contentWords))]...)
	}
	buf = append(buf, `","body":"`...)
	for len(buf) < size-2 {
		buf = append(buf, contentWords[r.intn(len(contentWords))]...)
		buf = append(buf, ' ')
	}
	buf = buf[:size-2]
	return append(buf, `"}`...)
}
