package workload

// Labels is the label vocabulary in Zipf rank order (rank 0 is the most
// frequent): 290 generated words plus the ten area labels AreaLabels, placed
// at ranks chosen so that about AreaShare of all entities carry at least one
// of them (the tag prefix query label:area-%).
var Labels []string

// AreaLabels are the ten label:area-* tags.
var AreaLabels = []string{
	"label:area-api", "label:area-auth", "label:area-billing", "label:area-docs", "label:area-infra",
	"label:area-mobile", "label:area-perf", "label:area-search", "label:area-storage", "label:area-ui",
}

// AreaPrefix is the LIKE pattern of the prefix query.
const AreaPrefix = "label:area-%"

// AreaShare is the expected share of entities with an area label.
const AreaShare = 0.18

// LabelVocabulary is the number of distinct labels.
const LabelVocabulary = 300

// areaRanks are the Zipf ranks of AreaLabels in Labels.
var areaRanks = []int{7, 14, 21, 28, 35, 42, 49, 56, 63, 70}

var labelDist = newZipf(LabelVocabulary, 1)

func init() {
	syllables := make([]string, 0, 70)
	for _, c := range "bdfgklmnprstvz" {
		for _, v := range "aeiou" {
			syllables = append(syllables, string(c)+string(v))
		}
	}
	n := len(syllables)
	Labels = make([]string, LabelVocabulary)
	area := 0
	word := 0
	for rank := range Labels {
		if area < len(areaRanks) && areaRanks[area] == rank {
			Labels[rank] = AreaLabels[area]
			area++
			continue
		}
		// (word mod n, word/n + 3·word mod n) is distinct for every word < n².
		a := word % n
		b := (word/n + 3*a) % n
		Labels[rank] = "label:" + syllables[a] + syllables[b]
		word++
	}
}
