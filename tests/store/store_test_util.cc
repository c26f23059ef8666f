#include "tests/store/store_test_util.h"

#include <stdlib.h>

#include <filesystem>

namespace store::testing {

absl::Status AwaitStatus(const std::function<void(DoneStatus)>& call) {
  auto promise = std::make_shared<std::promise<absl::Status>>();
  std::future<absl::Status> future = promise->get_future();
  call([promise](absl::Status status) {
    promise->set_value(std::move(status));
  });
  return future.get();
}

TempDir::TempDir() {
  std::string pattern = ::testing::TempDir() + "quizd-store-XXXXXX";
  char* made = mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr) << "mkdtemp " << pattern;
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

quiz::v1::Bank MakeBank(const std::string& id, const std::string& title,
                        int item_count) {
  quiz::v1::Bank bank;
  bank.set_id(id);
  bank.set_title(title);
  quiz::v1::Topic* topic = bank.add_topics();
  topic->set_id("t1");
  topic->set_title("Topic one");
  for (int i = 1; i <= item_count; ++i) {
    quiz::v1::Item* item = bank.add_items();
    item->set_id("i" + std::to_string(i));
    item->set_topic("t1");
    item->set_stem("Question " + std::to_string(i));
    quiz::v1::Option* right = item->mutable_single_choice()->add_options();
    right->set_id("a");
    right->set_text("Right");
    right->set_correct(true);
    quiz::v1::Option* wrong = item->mutable_single_choice()->add_options();
    wrong->set_id("b");
    wrong->set_text("Wrong");
  }
  return bank;
}

void StoreTest::SetUp() {
  SqliteOptions options;
  options.path = db_path();
  // Tests write times near the epoch (a token expiring at 5000 ms): the
  // store's own purge, on the real clock, would race them. Housekeeping
  // tests call PurgeExpired themselves.
  options.purge_interval_ms = 0;
  absl::StatusOr<std::unique_ptr<Store>> opened = OpenSqliteStore(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  store_ = *std::move(opened);
}

void StoreTest::TearDown() { store_.reset(); }

void StoreTest::Reopen() {
  store_.reset();
  SetUp();
}

int64_t StoreTest::AddUser(const std::string& name) {
  UserRecord user;
  user.username = name;
  user.role = quiz::v1::ROLE_STUDENT;
  user.password_hash = "hash-of-" + name;
  user.create_time_ms = 1000;
  absl::StatusOr<int64_t> id = Await<int64_t>(
      [&](Done<int64_t> done) { store_->CreateUser(user, std::move(done)); });
  EXPECT_TRUE(id.ok()) << id.status();
  return id.value_or(0);
}

int64_t StoreTest::AddBank(const std::string& id, int item_count) {
  absl::StatusOr<int64_t> version = Await<int64_t>([&](Done<int64_t> done) {
    store_->PutBankVersion(MakeBank(id, "Bank " + id, item_count), "system",
                           std::move(done));
  });
  EXPECT_TRUE(version.ok()) << version.status();
  return version.value_or(0);
}

AttemptRecord StoreTest::AddAttempt(const std::string& id, int64_t user_id,
                                    int64_t start_time_ms,
                                    int64_t deadline_ms) {
  if (!store_->GetBankVersion("b1", 1).ok()) AddBank("b1", 3);
  AttemptRecord attempt;
  attempt.id = id;
  attempt.user_id = user_id;
  attempt.quiz_id = "q1";
  attempt.bank_id = "b1";
  attempt.bank_version = 1;
  attempt.seed = 42;
  attempt.state = quiz::v1::IN_PROGRESS;
  attempt.start_time_ms = start_time_ms;
  attempt.deadline_ms = deadline_ms;
  attempt.item_ids = {"i1", "i2", "i3"};
  absl::Status status = AwaitStatus([&](DoneStatus done) {
    store_->CreateAttempt(attempt, RequestKey{}, "", std::move(done));
  });
  EXPECT_TRUE(status.ok()) << status;
  return attempt;
}

absl::Status StoreTest::Save(const std::string& attempt_id,
                             const std::string& item_id,
                             const std::string& text, int64_t now_ms,
                             bool only_if_unanswered) {
  ResponseRecord record;
  record.attempt_id = attempt_id;
  record.item_id = item_id;
  record.has_response = true;
  record.response.set_text(text);
  record.outcome.set_score(1);
  record.outcome.set_max_score(1);
  record.outcome.set_correctness(quiz::v1::CORRECT);
  return AwaitStatus([&](DoneStatus done) {
    store_->SaveResponse(record, only_if_unanswered, now_ms, RequestKey{}, "",
                         std::move(done));
  });
}

absl::Status StoreTest::Flag(const std::string& attempt_id,
                             const std::string& item_id, bool flagged) {
  return AwaitStatus([&](DoneStatus done) {
    store_->SetFlag(attempt_id, item_id, flagged, std::move(done));
  });
}

absl::StatusOr<AttemptRecord> StoreTest::Finish(const std::string& attempt_id,
                                                int64_t finish_time_ms,
                                                bool timed_out) {
  return Await<AttemptRecord>([&](Done<AttemptRecord> done) {
    store_->FinishAttempt(
        attempt_id, finish_time_ms, timed_out,
        [](const AttemptRecord&, const std::vector<ResponseRecord>& responses) {
          quiz::v1::AttemptResult result;
          for (const ResponseRecord& r : responses) {
            result.set_score(result.score() + r.outcome.score());
          }
          result.set_max_score(3);
          return result;
        },
        std::move(done));
  });
}

}  // namespace store::testing
