// Loading the bank directory: unchanged files are recognised by their digest
// and not parsed again, and the version rules stay those of a full compare.
#include "server/service/bank_directory.h"

#include <filesystem>
#include <fstream>
#include <future>
#include <string>

#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "question_bank/src/bank_file.h"
#include "server/store/store.h"

namespace quizd_test {
namespace {

using service::LoadBankDirectory;
using service::LoadedBank;

class BankDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    std::filesystem::create_directory(dir_ + "/banks");
    auto store = store::OpenSqliteStore({dir_ + "/quizd.db"});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Write(const std::string& name, const std::string& yaml) {
    std::ofstream(dir_ + "/banks/" + name) << yaml;
  }

  // Loads the directory, which must hold exactly one bank.
  LoadedBank LoadOne() {
    auto loaded = LoadBankDirectory(*store_, dir_ + "/banks");
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    if (!loaded.ok() || loaded->size() != 1) {
      ADD_FAILURE() << "expected one bank";
      return {};
    }
    return loaded->front();
  }

  int64_t Latest() {
    auto bank = store_->GetBankVersion("testbank", 0);
    return bank.ok() ? bank->version : 0;
  }

  static std::string Edited() {
    return absl::StrReplaceAll(
        kTestBank, {{"title: Test bank", "title: Test bank, revised"}});
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(BankDirectoryTest, AnUnchangedFileIsNotParsedAgain) {
  Write("test.yaml", kTestBank);
  LoadedBank first = LoadOne();
  EXPECT_TRUE(first.parsed);
  EXPECT_EQ(first.bank_id, "testbank");
  EXPECT_EQ(first.version, 1);

  LoadedBank again = LoadOne();
  EXPECT_FALSE(again.parsed);
  EXPECT_EQ(again.version, 1);
  EXPECT_EQ(again.items, 4);
  EXPECT_EQ(again.quizzes, 3);
  EXPECT_EQ(again.file, dir_ + "/banks/test.yaml");
}

TEST_F(BankDirectoryTest, AnEditedFileIsParsedAndStoredOnce) {
  Write("test.yaml", kTestBank);
  LoadOne();
  Write("test.yaml", Edited());
  LoadedBank edited = LoadOne();
  EXPECT_TRUE(edited.parsed);
  EXPECT_EQ(edited.version, 2);
  LoadedBank again = LoadOne();
  EXPECT_FALSE(again.parsed);
  EXPECT_EQ(again.version, 2);
}

TEST_F(BankDirectoryTest, RevertingAFileMakesANewVersion) {
  // The digest of the first content still maps to version 1, but version 2
  // is what the directory last gave: the file is parsed and compared with
  // version 2, like any changed file.
  Write("test.yaml", kTestBank);
  LoadOne();
  Write("test.yaml", Edited());
  LoadOne();
  Write("test.yaml", kTestBank);
  LoadedBank reverted = LoadOne();
  EXPECT_TRUE(reverted.parsed);
  EXPECT_EQ(reverted.version, 3);
  EXPECT_FALSE(LoadOne().parsed);
}

TEST_F(BankDirectoryTest, AnInstructorsNewerVersionIsKept) {
  Write("test.yaml", kTestBank);
  LoadOne();
  question_bank::ParsedBank pushed =
      question_bank::ParseBank(Edited(), "pushed");
  ASSERT_TRUE(pushed.ok());
  std::promise<absl::StatusOr<int64_t>> stored;
  store_->PutBankVersion(pushed.bank, "users/carol",
                         [&](absl::StatusOr<int64_t> version) {
                           stored.set_value(std::move(version));
                         });
  ASSERT_EQ(*stored.get_future().get(), 2);

  LoadedBank restarted = LoadOne();
  EXPECT_FALSE(restarted.parsed);
  EXPECT_EQ(restarted.version, 1);
  EXPECT_EQ(Latest(), 2);
}

TEST_F(BankDirectoryTest, ACopyOfAnUnchangedFileIsStillADuplicate) {
  Write("a.yaml", kTestBank);
  LoadOne();
  Write("b.yaml", kTestBank);  // same bytes, so both are "unchanged"
  auto loaded = LoadBankDirectory(*store_, dir_ + "/banks");
  ASSERT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(loaded.status().message().find(
                "b.yaml: error: bank id \"testbank\" is also used by"),
            std::string::npos)
      << loaded.status();
}

TEST_F(BankDirectoryTest, AnyBadFileStoresNothing) {
  Write("a.yaml", kTestBank);
  Write("b.yaml", "id: other\nitems: [\n");
  auto loaded = LoadBankDirectory(*store_, dir_ + "/banks");
  ASSERT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(loaded.status().message().find("b.yaml:"), std::string::npos)
      << loaded.status();
  EXPECT_EQ(Latest(), 0);
}

TEST_F(BankDirectoryTest, TheDigestCoversEveryByte) {
  auto digest = [&](const std::string& text) {
    Write("d.yaml", text);
    absl::StatusOr<std::string> d =
        service::DigestBankFile(dir_ + "/banks/d.yaml");
    EXPECT_TRUE(d.ok()) << d.status();
    return d.value_or("");
  };
  const std::string big(3 << 20, 'x');  // spans several read chunks
  EXPECT_EQ(digest(kTestBank), digest(kTestBank));
  EXPECT_NE(digest(kTestBank), digest(std::string(kTestBank) + " "));
  EXPECT_NE(digest(big), digest(big + "y"));
  EXPECT_EQ(digest("").size(), service::kBankDigestBytes);
  EXPECT_FALSE(service::DigestBankFile(dir_ + "/banks/none.yaml").ok());
}

}  // namespace
}  // namespace quizd_test
