#include "server/service/bank_summary.h"

#include "server/service/call.h"

namespace service {

quiz::v1::BankSummary SummarizeBank(const store::BankVersionRecord& record) {
  const quiz::v1::Bank& bank = record.bank->outline();
  quiz::v1::BankSummary summary;
  summary.set_name("banks/" + bank.id());
  summary.set_id(bank.id());
  summary.set_title(bank.title());
  summary.set_description(bank.description());
  summary.set_version(record.version);
  summary.set_item_count(bank.items_size());
  summary.set_topic_count(bank.topics_size());
  summary.set_quiz_count(bank.quizzes_size());
  summary.set_code_set_year(bank.code_set_year());
  summary.set_created_by(record.created_by);
  SetTimestamp(record.create_time_ms, summary.mutable_create_time());
  return summary;
}

}  // namespace service
