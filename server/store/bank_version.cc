#include "server/store/bank_version.h"

#include <climits>
#include <utility>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"

namespace store {
namespace {

// Whole items kept parsed per version: an exam's items stay parsed while a
// cohort takes it, without a large bank's every item ever being parsed.
constexpr size_t kParsedItems = 4096;

// Protobuf's encoding: a tag is the field number and the wire type.
constexpr uint32_t kLengthDelimited = 2;
constexpr uint32_t kItemsTag =
    (quiz::v1::Bank::kItemsFieldNumber << 3) | kLengthDelimited;

// Reads past the value of the field whose tag was just read.
bool SkipValue(google::protobuf::io::CodedInputStream& in, uint32_t tag) {
  switch (tag & 7) {
    case 0: {  // varint
      uint64_t value = 0;
      return in.ReadVarint64(&value);
    }
    case 1:  // 64-bit
      return in.Skip(8);
    case kLengthDelimited: {
      uint32_t size = 0;
      return in.ReadVarint32(&size) && in.Skip(static_cast<int>(size));
    }
    case 5:  // 32-bit
      return in.Skip(4);
    default:  // groups: never written for a Bank
      return false;
  }
}

// What outline() holds of `item`.
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

}  // namespace

BankVersion::BankVersion() : parsed_(kParsedItems) {}

absl::StatusOr<std::shared_ptr<const BankVersion>> BankVersion::Parse(
    std::string bytes, int64_t number) {
  const auto not_a_bank = [] {
    return absl::InvalidArgumentError("the bytes are not a Bank");
  };
  if (bytes.size() > static_cast<size_t>(INT_MAX)) return not_a_bank();
  std::shared_ptr<BankVersion> version(new BankVersion());
  version->bytes_ = std::move(bytes);
  const std::string& kept = version->bytes_;
  google::protobuf::RepeatedPtrField<quiz::v1::Item> outlines;
  std::string rest;  // every field but the items, as read
  google::protobuf::io::CodedInputStream in(
      reinterpret_cast<const uint8_t*>(kept.data()),
      static_cast<int>(kept.size()));
  quiz::v1::Item item;
  while (true) {
    const int start = in.CurrentPosition();
    const uint32_t tag = in.ReadTag();
    if (tag == 0) break;
    if (tag != kItemsTag) {
      if (!SkipValue(in, tag)) return not_a_bank();
      rest.append(kept, start, in.CurrentPosition() - start);
      continue;
    }
    uint32_t size = 0;
    if (!in.ReadVarint32(&size)) return not_a_bank();
    const Span span{static_cast<size_t>(in.CurrentPosition()), size};
    if (!in.Skip(static_cast<int>(size)) ||
        !item.ParseFromArray(kept.data() + span.begin,
                             static_cast<int>(size))) {
      return not_a_bank();
    }
    version->items_.push_back(span);
    *outlines.Add() = OutlineOf(item);
  }
  if (!in.ConsumedEntireMessage()) return not_a_bank();
  quiz::v1::Bank& outline = version->outline_;
  if (!outline.ParseFromString(rest)) return not_a_bank();
  outline.mutable_items()->Swap(&outlines);
  outline.set_version(number);
  version->index_.reserve(outline.items_size());
  for (int i = 0; i < outline.items_size(); ++i) {
    version->index_.emplace(outline.items(i).id(), i);  // the first id wins
  }
  return version;
}

absl::string_view BankVersion::BytesOf(int index) const {
  return absl::string_view(bytes_).substr(items_[index].begin,
                                          items_[index].size);
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
