#include "server/service/bank_diff.h"

#include <map>
#include <string>

#include "google/protobuf/repeated_ptr_field.h"
#include "google/protobuf/util/message_differencer.h"
#include "server/service/regrade.h"

namespace service {
namespace {

using google::protobuf::RepeatedPtrField;
using google::protobuf::util::MessageDifferencer;

// Compares two id-keyed lists; `changed` is called for ids in both.
template <typename T, typename Changed>
void DiffById(const RepeatedPtrField<T>& before,
              const RepeatedPtrField<T>& after,
              RepeatedPtrField<std::string>* added,
              RepeatedPtrField<std::string>* removed, Changed changed) {
  std::map<std::string, const T*> old_by_id;
  std::map<std::string, const T*> new_by_id;
  for (const T& entry : before) old_by_id[entry.id()] = &entry;
  for (const T& entry : after) new_by_id[entry.id()] = &entry;
  for (const auto& [id, entry] : new_by_id) {
    auto old = old_by_id.find(id);
    if (old == old_by_id.end()) {
      *added->Add() = id;
    } else {
      changed(id, *old->second, *entry);
    }
  }
  for (const auto& [id, entry] : old_by_id) {
    if (new_by_id.count(id) == 0) *removed->Add() = id;
  }
}

}  // namespace

quiz::v1::BankChanges DiffBanks(const quiz::v1::Bank& before,
                                const quiz::v1::Bank& after) {
  quiz::v1::BankChanges changes;
  DiffById(before.items(), after.items(), changes.mutable_items_added(),
           changes.mutable_items_removed(),
           [&](const std::string& id, const quiz::v1::Item& old_item,
               const quiz::v1::Item& new_item) {
             if (MessageDifferencer::Equals(old_item, new_item)) return;
             *changes.add_items_changed() = id;
             if (!GradesAlike(old_item, new_item)) {
               *changes.add_keys_changed() = id;
             }
           });
  DiffById(before.quizzes(), after.quizzes(), changes.mutable_quizzes_added(),
           changes.mutable_quizzes_removed(),
           [&](const std::string& id, const quiz::v1::Quiz& old_quiz,
               const quiz::v1::Quiz& new_quiz) {
             if (!MessageDifferencer::Equals(old_quiz, new_quiz)) {
               *changes.add_quizzes_changed() = id;
             }
           });
  return changes;
}

}  // namespace service
