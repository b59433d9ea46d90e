package cctest

import (
	"encoding/base64"
	"net/http"
	"sort"
	"strconv"
)

// Log Cache, as its read API answers (GET /api/v1/read/<source-id>; the API root's log_cache link points to
// this server): the LOG envelopes of a source (an app's GUID) between start_time (inclusive) and end_time
// (exclusive, default now), in nanoseconds, at most limit (default 100, 1000 at most), oldest first or, with
// descending=true, newest first. Tests put lines in with AppLog and TaskLog; nothing is logged by itself.

// logEnvelope is one stored line.
type logEnvelope struct {
	nanos                int64
	source, instance     string
	sourceType, out, txt string
}

// logCacheMaxLimit is the most envelopes one read answers.
const logCacheMaxLimit = 1000

// AppLog adds a line of the named app to Log Cache, now: sourceType as Log Cache tags it (APP/PROC/WEB, STG,
// RTR, CELL), the instance index ("" for none), stream OUT or ERR.
func (s *Server) AppLog(appName, sourceType, instance, stream, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.apps {
		if a.name == appName {
			s.addLog(a.guid, sourceType, instance, stream, text)
			return
		}
	}
	panic("cctest: AppLog: no app named " + appName)
}

// TaskLog adds a line written by the task with this GUID (source type APP/TASK/<task name>), now.
func (s *Server) TaskLog(taskGUID, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tasks[taskGUID]
	if !ok {
		panic("cctest: TaskLog: no task " + taskGUID)
	}
	s.addLog(t.appGUID, "APP/TASK/"+t.name, "0", "OUT", text)
}

func (s *Server) addLog(source, sourceType, instance, stream, text string) {
	n := s.now().UnixNano()
	if k := len(s.logs[source]); k > 0 && s.logs[source][k-1].nanos >= n {
		n = s.logs[source][k-1].nanos + 1 // one source's lines keep their order
	}
	s.logs[source] = append(s.logs[source], logEnvelope{nanos: n, source: source, instance: instance, sourceType: sourceType, out: stream, txt: text})
}

func (s *Server) logCacheRoutes(h handle) {
	h("GET /api/v1/read/{source}", s.readLogCache)
}

func (s *Server) readLogCache(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	param := func(name string, def int64) (int64, bool) {
		v := q.Get(name)
		if v == "" {
			return def, true
		}
		n, err := strconv.ParseInt(v, 10, 64)
		return n, err == nil
	}
	start, ok1 := param("start_time", 0)
	end, ok2 := param("end_time", s.now().UnixNano()+1)
	limit, ok3 := param("limit", 100)
	if !ok1 || !ok2 || !ok3 || limit < 1 || limit > logCacheMaxLimit {
		writeJSON(w, http.StatusBadRequest, obj{"error": "invalid start_time, end_time or limit (1 to 1000)"})
		return
	}
	types := q["envelope_types"]
	wantLogs := len(types) == 0
	for _, t := range types {
		wantLogs = wantLogs || t == "LOG" || t == "ANY"
	}
	var found []logEnvelope
	if wantLogs {
		for _, e := range s.logs[r.PathValue("source")] {
			if e.nanos >= start && e.nanos < end {
				found = append(found, e)
			}
		}
	}
	if q.Get("descending") == "true" {
		sort.SliceStable(found, func(i, j int) bool { return found[i].nanos > found[j].nanos })
	}
	if int64(len(found)) > limit {
		found = found[:limit]
	}
	batch := []obj{}
	for _, e := range found {
		batch = append(batch, obj{
			"timestamp": strconv.FormatInt(e.nanos, 10), "source_id": e.source, "instance_id": e.instance,
			"deprecated_tags": obj{}, "tags": obj{"source_type": e.sourceType},
			"log": obj{"payload": base64.StdEncoding.EncodeToString([]byte(e.txt)), "type": e.out},
		})
	}
	writeJSON(w, http.StatusOK, obj{"envelopes": obj{"batch": batch}})
}
