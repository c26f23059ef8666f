#include "server/service/regrade.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "server/grading/grade.h"
#include "server/grading/score.h"

namespace service {
namespace {

// The item as the grader sees it.
quiz::v1::Item GradedPart(quiz::v1::Item item) {
  item.clear_stem();
  item.clear_rationale();
  item.clear_references();
  item.clear_difficulty();
  if (item.has_case_item()) {
    item.mutable_case_item()->clear_scenario();
    for (quiz::v1::Item& part : *item.mutable_case_item()->mutable_items()) {
      part = GradedPart(std::move(part));
    }
  }
  return item;
}

}  // namespace

bool GradesAlike(const quiz::v1::Item& before, const quiz::v1::Item& after) {
  return google::protobuf::util::MessageDifferencer::Equals(GradedPart(before),
                                                            GradedPart(after));
}

RegradePlan PlanRegrade(const store::AttemptRecord& attempt,
                        const std::vector<store::ResponseRecord>& responses,
                        const store::BankVersion& before,
                        const store::BankVersion& after,
                        const quiz::v1::Quiz& quiz) {
  RegradePlan plan;
  std::vector<const quiz::v1::Item*> outlines;  // what scoring reads
  std::map<std::string, std::shared_ptr<const quiz::v1::Item>> changed;
  for (const std::string& id : attempt.item_ids) {
    const quiz::v1::Item* outline = after.FindOutline(id);
    if (outline == nullptr) {
      plan.skipped_reason = absl::StrCat("item ", id, " is not in version ",
                                         after.outline().version());
      return plan;
    }
    outlines.push_back(outline);
    std::shared_ptr<const quiz::v1::Item> old_item = before.FindItem(id);
    std::shared_ptr<const quiz::v1::Item> new_item = after.FindItem(id);
    if (old_item == nullptr || !GradesAlike(*old_item, *new_item)) {
      changed[id] = std::move(new_item);
      plan.changed_items.push_back(id);
    }
  }

  std::map<std::string, quiz::v1::Outcome> outcomes;
  for (const store::ResponseRecord& row : responses) {
    if (!row.has_response) continue;
    outcomes[row.item_id] = row.outcome;
    auto item = changed.find(row.item_id);
    if (item == changed.end()) continue;
    absl::StatusOr<quiz::v1::Outcome> regraded =
        grading::Grade(*item->second, row.response, {quiz.negative_marking()});
    if (!regraded.ok()) {
      plan.skipped_reason = absl::StrCat(
          "the response to ", row.item_id,
          " does not fit the new item: ", regraded.status().message());
      return plan;
    }
    outcomes[row.item_id] = *regraded;
    store::ResponseRecord updated;
    updated.attempt_id = attempt.id;
    updated.item_id = row.item_id;
    updated.outcome = *std::move(regraded);
    plan.record.regraded.push_back(std::move(updated));
    plan.regraded_items.push_back(row.item_id);
  }

  store::RegradeRecord& record = plan.record;
  record.attempt_id = attempt.id;
  record.from_version = attempt.bank_version;
  record.to_version = after.outline().version();
  record.old_result = attempt.result;
  record.new_result =
      grading::ScoreAttempt(after.outline(), quiz, outlines, outcomes);
  record.new_result.set_timed_out(attempt.result.timed_out());
  return plan;
}

}  // namespace service
