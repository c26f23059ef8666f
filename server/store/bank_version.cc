#include "server/store/bank_version.h"

#include <utility>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/wire_format_lite.h"

namespace store {
namespace {

using google::protobuf::internal::WireFormatLite;

// Whole items kept parsed per version: an exam's items stay parsed while a
// cohort takes it, without a large bank's every item ever being parsed.
constexpr size_t kParsedItems = 4096;

const uint32_t kItemsTag =
    WireFormatLite::MakeTag(quiz::v1::Bank::kItemsFieldNumber,
                            WireFormatLite::WIRETYPE_LENGTH_DELIMITED);

}  // namespace

quiz::v1::Item OutlineOf(const quiz::v1::Item& item) {
  quiz::v1::Item outline;
  outline.set_id(item.id());
  outline.set_topic(item.topic());
  outline.set_points(item.points());
  outline.set_difficulty(item.difficulty());
  if (item.has_case_item()) {
    for (const quiz::v1::Item& part : item.case_item().items()) {
      *outline.mutable_case_item()->add_items() = OutlineOf(part);
    }
  } else if (item.type_case() != quiz::v1::Item::TYPE_NOT_SET) {
    // The type's field number is its case value.
    outline.GetReflection()->MutableMessage(
        &outline, quiz::v1::Item::descriptor()->FindFieldByNumber(
                      static_cast<int>(item.type_case())));
  }
  return outline;
}

BankVersion::BankVersion() : parsed_(kParsedItems) {}

std::shared_ptr<const BankVersion> BankVersion::Of(quiz::v1::Bank bank) {
  std::shared_ptr<BankVersion> version(new BankVersion());
  version->items_.reserve(bank.ByteSizeLong());
  google::protobuf::RepeatedPtrField<quiz::v1::Item> outlines;
  std::string bytes;
  for (const quiz::v1::Item& item : bank.items()) {
    bytes.clear();
    item.AppendToString(&bytes);
    version->AddItem(bytes, item, outlines);
  }
  bank.mutable_items()->Swap(&outlines);
  version->outline_ = std::move(bank);
  version->Index();
  return version;
}

absl::StatusOr<std::shared_ptr<const BankVersion>> BankVersion::Parse(
    google::protobuf::io::ZeroCopyInputStream& input, size_t size_hint,
    int64_t number) {
  const auto not_a_bank = [] {
    return absl::InvalidArgumentError("the bytes are not a Bank");
  };
  std::shared_ptr<BankVersion> version(new BankVersion());
  version->items_.reserve(size_hint);
  google::protobuf::RepeatedPtrField<quiz::v1::Item> outlines;
  std::string rest;  // every field but the items, as read
  {
    google::protobuf::io::StringOutputStream rest_stream(&rest);
    google::protobuf::io::CodedOutputStream rest_out(&rest_stream);
    google::protobuf::io::CodedInputStream in(&input);
    std::string bytes;
    quiz::v1::Item item;
    while (const uint32_t tag = in.ReadTag()) {
      if (tag != kItemsTag) {
        if (!WireFormatLite::SkipField(&in, tag, &rest_out)) {
          return not_a_bank();
        }
        continue;
      }
      uint32_t size = 0;
      if (!in.ReadVarint32(&size) || !in.ReadString(&bytes, size) ||
          !item.ParseFromString(bytes)) {
        return not_a_bank();
      }
      version->AddItem(bytes, item, outlines);
    }
    if (!in.ConsumedEntireMessage()) return not_a_bank();
  }
  if (!version->outline_.ParseFromString(rest)) return not_a_bank();
  version->outline_.mutable_items()->Swap(&outlines);
  version->outline_.set_version(number);
  version->Index();
  return version;
}

void BankVersion::AddItem(
    absl::string_view bytes, const quiz::v1::Item& item,
    google::protobuf::RepeatedPtrField<quiz::v1::Item>& outlines) {
  items_.append(bytes.data(), bytes.size());
  ends_.push_back(items_.size());
  *outlines.Add() = OutlineOf(item);
}

void BankVersion::Index() {
  index_.reserve(outline_.items_size());
  for (int i = 0; i < outline_.items_size(); ++i) {
    index_.emplace(outline_.items(i).id(), i);  // the first of an id wins
  }
}

absl::string_view BankVersion::BytesOf(int index) const {
  const size_t begin = index == 0 ? 0 : ends_[index - 1];
  return absl::string_view(items_).substr(begin, ends_[index] - begin);
}

const quiz::v1::Item* BankVersion::FindOutline(const std::string& id) const {
  auto found = index_.find(id);
  return found == index_.end() ? nullptr : &outline_.items(found->second);
}

std::vector<const quiz::v1::Item*> BankVersion::FindOutlines(
    const std::vector<std::string>& ids) const {
  std::vector<const quiz::v1::Item*> outlines;
  outlines.reserve(ids.size());
  for (const std::string& id : ids) outlines.push_back(FindOutline(id));
  return outlines;
}

std::shared_ptr<const quiz::v1::Item> BankVersion::FindItem(
    const std::string& id) const {
  std::shared_ptr<const quiz::v1::Item> item;
  if (parsed_.Read(id, [&](const auto& cached) { item = cached; })) {
    return item;
  }
  auto found = index_.find(id);
  if (found == index_.end()) return nullptr;
  auto parsed = std::make_shared<quiz::v1::Item>();
  // The bytes were a parsed item's when the version was made.
  const absl::string_view bytes = BytesOf(found->second);
  parsed->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
  item = std::move(parsed);
  parsed_.Put(id, item);
  return item;
}

std::vector<std::shared_ptr<const quiz::v1::Item>> BankVersion::FindItems(
    const std::vector<std::string>& ids) const {
  std::vector<std::shared_ptr<const quiz::v1::Item>> items;
  items.reserve(ids.size());
  for (const std::string& id : ids) items.push_back(FindItem(id));
  return items;
}

quiz::v1::Bank BankVersion::Whole() const {
  quiz::v1::Bank whole = outline_;
  for (int i = 0; i < whole.items_size(); ++i) {
    const absl::string_view bytes = BytesOf(i);
    whole.mutable_items(i)->ParseFromArray(bytes.data(),
                                           static_cast<int>(bytes.size()));
  }
  return whole;
}

}  // namespace store
