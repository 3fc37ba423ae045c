package dev.berth.core.openedx;

/**
 * Where an instance's persistent data lives (the data tier's servers), as Tutor is told: with
 * these, Tutor's own MySQL, MongoDB and Redis stay off. Ephemeral instances have none.
 */
public record DataServices(Sql mysql, Mongo mongodb, Redis redis) {

    public record Sql(String host, int port, String database, String username, String password) {
        @Override
        public String toString() {
            return "Sql[" + username + "@" + host + ":" + port + "/" + database + "]";
        }
    }

    public record Mongo(String host, int port, String database, String username, String password, String authSource) {
        @Override
        public String toString() {
            return "Mongo[" + username + "@" + host + ":" + port + "/" + database + "]";
        }
    }

    public record Redis(String host, int port, String password) {
        @Override
        public String toString() {
            return "Redis[" + host + ":" + port + "]";
        }
    }
}
