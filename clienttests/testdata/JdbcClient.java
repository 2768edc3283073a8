// The PostgreSQL JDBC driver against entitydb: run by TestJDBC as
//   java -cp postgresql.jar JdbcClient.java
// with ENTITYDB_JDBC_URL, ENTITYDB_USER and ENTITYDB_PASSWORD set. Every
// check throws on failure; the last line printed is "jdbc ok".

import java.sql.*;
import java.util.*;

public class JdbcClient {
    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    public static void main(String[] args) throws Exception {
        String url = System.getenv("ENTITYDB_JDBC_URL");
        Properties props = new Properties();
        props.setProperty("user", System.getenv("ENTITYDB_USER"));
        props.setProperty("password", System.getenv("ENTITYDB_PASSWORD"));
        try (Connection conn = DriverManager.getConnection(url, props)) {
            DatabaseMetaData md = conn.getMetaData();
            check(md.getDatabaseProductName().equals("PostgreSQL"), "product " + md.getDatabaseProductName());
            check(md.getDatabaseMajorVersion() == 15, "major version " + md.getDatabaseMajorVersion());

            // a plain statement, result types
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id, tags, content, created_at FROM ct.entities WHERE tags @> ARRAY['status:open'] ORDER BY id")) {
                List<String> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                    String[] tags = (String[]) rs.getArray(2).getArray();
                    check(Arrays.asList(tags).contains("status:open"), "tags " + Arrays.toString(tags));
                    rs.getBytes(3);
                    check(rs.getTimestamp(4) != null, "created_at");
                }
                check(ids.equals(List.of("e1", "e3", "e5")), "ids " + ids);
            }

            // a prepared statement past prepareThreshold (server-side
            // named statement from the fifth execution), with an array
            // parameter
            try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM ct.entities WHERE tags @> ?")) {
                for (int i = 0; i < 8; i++) {
                    ps.setArray(1, conn.createArrayOf("text", new String[] {"type:task"}));
                    try (ResultSet rs = ps.executeQuery()) {
                        check(rs.next() && rs.getLong(1) == 3, "count of type:task");
                    }
                }
            }
            try (PreparedStatement ps = conn.prepareStatement("SELECT content FROM ct.entities WHERE id = ?")) {
                for (int i = 0; i < 8; i++) {
                    ps.setString(1, "e1");
                    try (ResultSet rs = ps.executeQuery()) {
                        check(rs.next() && new String(rs.getBytes(1), "UTF-8").equals("one"), "content of e1");
                    }
                }
            }

            // a cursor: fetch size inside a transaction (a portal that
            // survives Sync, read 2 rows at a time)
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                st.setFetchSize(2);
                int n = 0;
                try (ResultSet rs = st.executeQuery("SELECT g FROM generate_series(1, 7) g")) {
                    while (rs.next()) {
                        n++;
                        check(rs.getInt(1) == n, "row " + n);
                    }
                }
                check(n == 7, "fetched " + n);
            }
            conn.commit();

            // a batch of inserts, committed; a duplicate id is 23505
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO ct.entities (id, tags) VALUES (?, ?)")) {
                for (int i = 0; i < 5; i++) {
                    ps.setString(1, "j" + i);
                    ps.setArray(2, conn.createArrayOf("text", new String[] {"via:jdbc", "n:" + i}));
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                check(counts.length == 5, "batch counts " + Arrays.toString(counts));
            }
            conn.commit();
            try (Statement st = conn.createStatement()) {
                st.executeUpdate("INSERT INTO ct.entities (id, tags) VALUES ('j0', ARRAY['dup'])");
                check(false, "duplicate insert succeeded");
            } catch (SQLException e) {
                check("23505".equals(e.getSQLState()), "duplicate: " + e.getSQLState() + " " + e.getMessage());
            }
            conn.rollback();
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM ct.entities WHERE tags @> ARRAY['via:jdbc']")) {
                check(rs.next() && rs.getLong(1) == 5, "batch rows");
            }
            conn.commit();
            conn.setAutoCommit(true);

            // catalog metadata, as tools that browse a database ask for it
            Set<String> schemas = new HashSet<>();
            try (ResultSet rs = md.getSchemas()) {
                while (rs.next()) {
                    schemas.add(rs.getString("TABLE_SCHEM"));
                }
            }
            check(schemas.contains("ct") && schemas.contains("public"), "schemas " + schemas);
            try (ResultSet rs = md.getTables(null, "ct", "%", new String[] {"TABLE"})) {
                check(rs.next() && rs.getString("TABLE_NAME").equals("entities"), "tables of ct");
            }
            List<String> cols = new ArrayList<>();
            try (ResultSet rs = md.getColumns(null, "ct", "entities", null)) {
                while (rs.next()) {
                    cols.add(rs.getString("COLUMN_NAME") + ":" + rs.getString("TYPE_NAME"));
                }
            }
            check(cols.equals(List.of("id:text", "tags:_text", "content:bytea", "created_at:timestamptz", "updated_at:timestamptz")), "columns " + cols);
            try (ResultSet rs = md.getPrimaryKeys(null, "ct", "entities")) {
                check(rs.next() && rs.getString("COLUMN_NAME").equals("id"), "primary key");
            }
        }
        System.out.println("jdbc ok");
    }
}
