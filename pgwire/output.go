package pgwire

import (
	"encoding/binary"
	"io"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner"
)

// output implements planner.Output by sending protocol messages. In the
// extended protocol RowDescription comes from Describe and CommandComplete
// from the tag Execute returns, so Describe and Complete are no-ops there.
type output struct {
	c        *conn
	extended bool
	empty    bool  // EmptyQueryResponse was sent
	ioErr    error // the first write failure; the connection is dead
}

func (o *output) fail(err error) error {
	if err != nil && o.ioErr == nil {
		o.ioErr = err
		o.c.broken = true
	}
	return err
}

func (o *output) Describe(cols []planner.Column) error {
	if o.extended {
		return nil
	}
	return o.fail(o.c.send(rowDescription(cols), 64*len(cols)))
}

func (o *output) Row(values [][]byte) error {
	if o.ioErr != nil {
		return o.ioErr
	}
	size := 4
	for _, v := range values {
		size += 4 + len(v)
	}
	// DataRow.Encode copies the values, so the caller may reuse them.
	return o.fail(o.c.send(&pgproto3.DataRow{Values: values}, size))
}

// AppendRow implements planner.RowAppender: the row is encoded straight
// into the connection's write buffer.
func (o *output) AppendRow(encode func(dst []byte) ([]byte, error)) error {
	if o.ioErr != nil {
		return o.ioErr
	}
	c := o.c
	if c.encErr != nil {
		return o.fail(c.encErr)
	}
	start := len(c.wbuf)
	buf := append(c.wbuf, 'D', 0, 0, 0, 0)
	buf, err := encode(buf)
	if err != nil {
		c.wbuf = buf[:start]
		return err
	}
	binary.BigEndian.PutUint32(buf[start+1:], uint32(len(buf)-start-1))
	c.wbuf = buf
	return o.fail(c.queued(len(buf) - start))
}

func (o *output) Complete(tag string) error {
	if o.extended {
		return nil
	}
	o.c.queueCommandComplete(tag)
	return o.fail(o.c.queued(len(tag)))
}

func (o *output) Empty() error {
	o.empty = true
	return o.fail(o.c.send(&pgproto3.EmptyQueryResponse{}, 5))
}

func (o *output) CopyIn(format planner.CopyFormat) (planner.CopySource, error) {
	o.c.queue(&pgproto3.CopyInResponse{OverallFormat: formatByte(format), ColumnFormatCodes: formatCodes(format)})
	if err := o.fail(o.c.flush()); err != nil {
		return nil, err
	}
	return &copySource{o: o}, nil
}

func (o *output) CopyOut(format planner.CopyFormat) (planner.CopySink, error) {
	o.c.queue(&pgproto3.CopyOutResponse{OverallFormat: formatByte(format), ColumnFormatCodes: formatCodes(format)})
	return &copySink{o: o}, nil
}

func formatByte(f planner.CopyFormat) byte {
	if f.Binary {
		return 1
	}
	return 0
}

func formatCodes(f planner.CopyFormat) []uint16 {
	codes := make([]uint16, len(f.ColumnFormats))
	for i, v := range f.ColumnFormats {
		codes[i] = uint16(v)
	}
	return codes
}

// copySource reads the client's COPY data stream. Data sent before
// CopyInResponse (pgx does that) is simply waiting in the socket.
type copySource struct {
	o    *output
	done error // io.EOF after CopyDone, the error after CopyFail
}

func (s *copySource) Next() ([]byte, error) {
	if s.done != nil {
		return nil, s.done
	}
	c := s.o.c
	for {
		msg, err := c.be.Receive()
		if err != nil {
			// The stream is unusable: the connection ends with this
			// error (a FATAL one is sent by the connection loop).
			s.done = c.receiveError(err)
			s.o.fail(s.done)
			return nil, s.done
		}
		c.srv.cfg.Metrics.message(msgType(msg))
		switch m := msg.(type) {
		case *pgproto3.CopyData:
			// Valid until the next Receive, which is what CopySource
			// promises: the session copies the data into its buffer.
			return m.Data, nil
		case *pgproto3.CopyDone:
			s.done = io.EOF
			return nil, io.EOF
		case *pgproto3.CopyFail:
			s.done = pgerr.Newf(pgerr.QueryCanceled, "COPY from stdin failed: %s", m.Message)
			return nil, s.done
		case *pgproto3.Flush, *pgproto3.Sync:
			// Ignored during COPY, as PostgreSQL does.
		case *pgproto3.Terminate:
			s.done = errQuiet
			s.o.fail(errQuiet)
			return nil, errQuiet
		default:
			s.done = pgerr.Newf(pgerr.ProtocolViolation, "unexpected message type 0x%02X during COPY from stdin", msgType(msg))
			return nil, s.done
		}
	}
}

// copySink sends COPY TO STDOUT data.
type copySink struct{ o *output }

func (s *copySink) Write(data []byte) error {
	if s.o.ioErr != nil {
		return s.o.ioErr
	}
	return s.o.fail(s.o.c.send(&pgproto3.CopyData{Data: data}, len(data)+5))
}

func (s *copySink) Done() error {
	return s.o.fail(s.o.c.send(&pgproto3.CopyDone{}, 5))
}
