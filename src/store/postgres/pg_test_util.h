// Test helper for tests that need a PostgreSQL server: they run when CORDON_TEST_PG holds
// an admin URL (ctest runs them under tests/api/postgres_cluster.py) and skip otherwise.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>

#include "store/postgres/pg_connection.h"

namespace cordon::store::testing {

// A fresh database on the cluster named by CORDON_TEST_PG; its URL.
inline std::string fresh_postgres_database() {
  const char* admin = std::getenv("CORDON_TEST_PG");
  auto conn = PgConnection::open(admin);
  EXPECT_TRUE(conn.ok()) << conn.status().to_string();
  std::string name = "cordon_gtest_" + std::to_string(std::random_device{}());
  EXPECT_TRUE((*conn)->execute_script("CREATE DATABASE " + name).ok());
  std::string url(admin);
  return url.substr(0, url.rfind('/') + 1) + name;
}

}  // namespace cordon::store::testing
