package pgwire

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the server's Prometheus metrics. A nil *Metrics records
// nothing.
type Metrics struct {
	connections prometheus.Counter
	sessions    prometheus.Gauge
	messages    *prometheus.CounterVec
	errors      *prometheus.CounterVec
}

// NewMetrics creates the metrics and registers them with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		connections: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "entitydb", Subsystem: "pgwire", Name: "connections_total",
			Help: "TCP connections accepted.",
		}),
		sessions: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "entitydb", Subsystem: "pgwire", Name: "connections_open",
			Help: "Connections currently open.",
		}),
		messages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "entitydb", Subsystem: "pgwire", Name: "messages_total",
			Help: "Frontend messages received, by type.",
		}, []string{"type"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "entitydb", Subsystem: "pgwire", Name: "errors_total",
			Help: "ErrorResponses sent, by SQLSTATE class.",
		}, []string{"class"}),
	}
	reg.MustRegister(m.connections, m.sessions, m.messages, m.errors)
	return m
}

func (m *Metrics) connOpened() {
	if m != nil {
		m.connections.Inc()
		m.sessions.Inc()
	}
}

func (m *Metrics) connClosed() {
	if m != nil {
		m.sessions.Dec()
	}
}

func (m *Metrics) message(t byte) {
	if m != nil {
		m.messages.WithLabelValues(string(rune(t))).Inc()
	}
}

func (m *Metrics) error(class string) {
	if m != nil {
		m.errors.WithLabelValues(class).Inc()
	}
}
