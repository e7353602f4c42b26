package io.backtide.jobstore;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Opens a pooled connection to PostgreSQL and applies the job-store migrations. */
public final class Database {
  private Database() {}

  /**
   * A HikariCP pool on a JDBC URL ({@code jdbc:postgresql://host:port/db}); user and password may
   * be empty when the URL carries them.
   */
  public static HikariDataSource pool(String jdbcUrl, String user, String password, int maxSize) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    if (user != null && !user.isEmpty()) {
      config.setUsername(user);
    }
    if (password != null && !password.isEmpty()) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(maxSize);
    config.setPoolName("backtide");
    config.setConnectionTimeout(10_000);
    config.setInitializationFailTimeout(10_000);
    return new HikariDataSource(config);
  }

  /** Applies pending migrations from {@code classpath:db/migration}; returns how many ran. */
  public static int migrate(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .load()
        .migrate()
        .migrationsExecuted;
  }
}
