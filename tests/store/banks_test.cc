#include <sqlite3.h>

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "server/store/sqlite_db.h"
#include "tests/store/store_test_util.h"

namespace store {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::store::testing::Await;
using ::store::testing::MakeBank;
using ::store::testing::StoreTest;

using BanksTest = StoreTest;

absl::StatusOr<int64_t> Put(Store& store, const quiz::v1::Bank& bank) {
  return Await<int64_t>([&](Done<int64_t> done) {
    store.PutBankVersion(bank, "users/ana", std::move(done));
  });
}

TEST_F(BanksTest, SameContentKeepsVersionChangedContentAddsOne) {
  quiz::v1::Bank bank = MakeBank("cpt", "CPT basics", 2);
  EXPECT_EQ(*Put(*store_, bank), 1);
  EXPECT_EQ(*Put(*store_, bank), 1);
  // The version field is output only and does not count as content.
  bank.set_version(9);
  EXPECT_EQ(*Put(*store_, bank), 1);
  bank.set_title("CPT basics, 2026");
  EXPECT_EQ(*Put(*store_, bank), 2);
  EXPECT_EQ(*Put(*store_, bank), 2);
  // Going back to earlier content is still a new version.
  EXPECT_EQ(*Put(*store_, MakeBank("cpt", "CPT basics", 2)), 3);
}

TEST_F(BanksTest, LatestVersionByOneAuthor) {
  ASSERT_EQ(*Put(*store_, MakeBank("cpt", "CPT", 2)), 1);
  ASSERT_EQ(*Await<int64_t>([&](Done<int64_t> done) {
    store_->PutBankVersion(MakeBank("cpt", "CPT 2", 2), "system",
                           std::move(done));
  }),
            2);
  ASSERT_EQ(*Put(*store_, MakeBank("cpt", "CPT 3", 2)), 3);
  EXPECT_EQ(*store_->LatestBankVersionBy("cpt", "users/ana"), 3);
  EXPECT_EQ(*store_->LatestBankVersionBy("cpt", "system"), 2);
  EXPECT_EQ(*store_->LatestBankVersionBy("cpt", "users/bo"), 0);
  EXPECT_EQ(*store_->LatestBankVersionBy("none", "system"), 0);
}

TEST_F(BanksTest, BankSourcesMapDigestsToVersions) {
  ASSERT_EQ(*Put(*store_, MakeBank("cpt", "CPT", 2)), 1);
  ASSERT_EQ(*Put(*store_, MakeBank("cpt", "CPT 2", 2)), 2);
  const std::string digest(32, '\x01');
  EXPECT_FALSE(store_->FindBankSource(digest)->has_value());
  ASSERT_TRUE(testing::AwaitStatus([&](DoneStatus done) {
                store_->PutBankSource({digest, "cpt", 1}, std::move(done));
              }).ok());
  ASSERT_TRUE(testing::AwaitStatus([&](DoneStatus done) {
                store_->PutBankSource({digest, "cpt", 2}, std::move(done));
              }).ok());
  Reopen();
  absl::StatusOr<std::optional<BankSourceRecord>> found =
      store_->FindBankSource(digest);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->bank_id, "cpt");
  EXPECT_EQ((*found)->version, 2);
  EXPECT_EQ((*found)->digest, digest);

  // A source must name a stored version, and a refused one changes nothing.
  absl::Status missing = testing::AwaitStatus([&](DoneStatus done) {
    store_->PutBankSource({digest, "cpt", 7}, std::move(done));
  });
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.message().find("cpt version 7"), std::string::npos);
  EXPECT_EQ((*store_->FindBankSource(digest))->version, 2);
}

TEST_F(BanksTest, StoredContentComesBackWithVersionSet) {
  quiz::v1::Bank bank = MakeBank("hcpcs", "HCPCS", 3);
  ASSERT_EQ(*Put(*store_, bank), 1);
  absl::StatusOr<BankVersionRecord> record = store_->GetBankVersion("hcpcs", 1);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->bank_id, "hcpcs");
  EXPECT_EQ(record->version, 1);
  EXPECT_EQ(record->created_by, "users/ana");
  EXPECT_GT(record->create_time_ms, 0);
  bank.set_version(1);
  EXPECT_TRUE(MessageDifferencer::Equals(record->bank->Whole(), bank));
}

// A stored bank is read from its blob straight into the version's buffer
// (and stored without SQLite copying it): one of over a megabyte comes back
// exact, and a damaged one is DATA_LOSS naming it.
TEST_F(BanksTest, BigBankComesBackExactAndDamageIsReported) {
  quiz::v1::Bank bank = MakeBank("big", "Big", 30000);
  ASSERT_GT(bank.ByteSizeLong(), 1u << 20);
  ASSERT_EQ(*Put(*store_, bank), 1);
  Reopen();  // read from the file, not the cache
  absl::StatusOr<BankVersionRecord> record = store_->GetBankVersion("big", 1);
  ASSERT_TRUE(record.ok()) << record.status();
  bank.set_version(1);
  EXPECT_TRUE(MessageDifferencer::Equals(record->bank->Whole(), bank));

  store_.reset();
  {
    absl::StatusOr<std::unique_ptr<Db>> db =
        Db::Open(db_path(), SQLITE_OPEN_READWRITE);
    ASSERT_TRUE(db.ok()) << db.status();
    // A lone 0xFF at the end is a tag cut short.
    ASSERT_TRUE(
        (*db)->Exec("UPDATE bank_versions SET bank = bank || x'FF'").ok());
  }
  Reopen();
  record = store_->GetBankVersion("big", 1);
  EXPECT_EQ(record.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(record.status().message().find("bank big version 1"),
            std::string::npos)
      << record.status();
}

TEST_F(BanksTest, CacheServesTheSameBank) {
  ASSERT_EQ(*Put(*store_, MakeBank("b", "B", 1)), 1);
  Reopen();  // start with a cold cache
  absl::StatusOr<BankVersionRecord> first = store_->GetBankVersion("b", 1);
  absl::StatusOr<BankVersionRecord> second = store_->GetBankVersion("b", 1);
  absl::StatusOr<BankVersionRecord> latest = store_->GetBankVersion("b", 0);
  ASSERT_TRUE(first.ok() && second.ok() && latest.ok());
  EXPECT_EQ(first->bank.get(), second->bank.get());
  EXPECT_EQ(first->bank.get(), latest->bank.get());
  EXPECT_EQ(first->bank->outline().title(), "B");
}

TEST_F(BanksTest, LatestFollowsNewVersions) {
  ASSERT_EQ(*Put(*store_, MakeBank("b", "one", 1)), 1);
  EXPECT_EQ(store_->GetBankVersion("b", 0)->version, 1);  // cached as latest
  ASSERT_EQ(*Put(*store_, MakeBank("b", "two", 1)), 2);
  absl::StatusOr<BankVersionRecord> latest = store_->GetBankVersion("b", 0);
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_EQ(latest->version, 2);
  EXPECT_EQ(latest->bank->outline().title(), "two");
  EXPECT_EQ(latest->bank->outline().version(), 2);
  EXPECT_EQ(store_->GetBankVersion("b", 1)->bank->outline().title(), "one");
}

TEST_F(BanksTest, MissingBankOrVersionIsNotFound) {
  absl::StatusOr<BankVersionRecord> missing = store_->GetBankVersion("x", 0);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "bank x not found");
  ASSERT_EQ(*Put(*store_, MakeBank("x", "X", 1)), 1);
  absl::StatusOr<BankVersionRecord> v2 = store_->GetBankVersion("x", 2);
  EXPECT_EQ(v2.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(v2.status().message(), "bank x version 2 not found");
  EXPECT_EQ(store_->GetBankVersion("x", -1).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(BanksTest, EmptyBankIdIsInvalid) {
  EXPECT_EQ(Put(*store_, MakeBank("", "no id", 1)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(BanksTest, ListLatestBanksOrderedById) {
  ASSERT_EQ(*Put(*store_, MakeBank("zeta", "Z", 1)), 1);
  ASSERT_EQ(*Put(*store_, MakeBank("alpha", "A1", 1)), 1);
  ASSERT_EQ(*Put(*store_, MakeBank("alpha", "A2", 1)), 2);
  Reopen();
  absl::StatusOr<std::vector<BankVersionRecord>> banks =
      store_->ListLatestBanks();
  ASSERT_TRUE(banks.ok()) << banks.status();
  ASSERT_EQ(banks->size(), 2u);
  EXPECT_EQ((*banks)[0].bank_id, "alpha");
  EXPECT_EQ((*banks)[0].version, 2);
  EXPECT_EQ((*banks)[0].bank->outline().title(), "A2");
  EXPECT_EQ((*banks)[1].bank_id, "zeta");
  EXPECT_EQ((*banks)[1].version, 1);
}

}  // namespace
}  // namespace store
