// Tests for the plan reader (driftwise/plan.hpp).
#include "driftwise/plan.hpp"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "unit/test_files.hpp"

namespace dw {
namespace {

using ::dw::testing::ReadShared;

const ResourceChange* Find(const std::vector<ResourceChange>& list,
                           const std::string& address) {
  for (const ResourceChange& rc : list) {
    if (rc.address == address) return &rc;
  }
  return nullptr;
}

std::vector<std::string> Paths(const ResourceChange& rc) {
  std::vector<std::string> out;
  for (const AttributeChange& c : rc.diff) out.push_back(c.path_text);
  return out;
}

std::string MinimalPlan(const std::string& changes) {
  return R"({"format_version":"1.2","terraform_version":"1.9.0",)"
         R"("resource_changes":[)" +
         changes + "]}";
}

std::string Change(const std::string& actions, const std::string& before,
                   const std::string& after, const std::string& extra = "") {
  return R"({"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket",)"
         R"("name":"b","provider_name":"registry.terraform.io/hashicorp/aws",)"
         R"("change":{"actions":)" +
         actions + R"(,"before":)" + before + R"(,"after":)" + after + extra +
         "}}";
}

TEST(FoldActions, MapsEveryTerraformActionList) {
  ReplaceOrder order;
  EXPECT_EQ(*FoldActions({"no-op"}, &order), Action::kNoOp);
  EXPECT_EQ(*FoldActions({"create"}, &order), Action::kCreate);
  EXPECT_EQ(*FoldActions({"read"}, &order), Action::kRead);
  EXPECT_EQ(*FoldActions({"update"}, &order), Action::kUpdate);
  EXPECT_EQ(*FoldActions({"delete"}, &order), Action::kDelete);
  EXPECT_EQ(*FoldActions({"forget"}, &order), Action::kForget);
  EXPECT_EQ(*FoldActions({"delete", "create"}, &order), Action::kReplace);
  EXPECT_EQ(order, ReplaceOrder::kDeleteBeforeCreate);
  EXPECT_EQ(*FoldActions({"create", "delete"}, &order), Action::kReplace);
  EXPECT_EQ(order, ReplaceOrder::kCreateBeforeDelete);
  EXPECT_FALSE(FoldActions({}, &order).ok());
  EXPECT_FALSE(FoldActions({"explode"}, &order).ok());
  EXPECT_FALSE(FoldActions({"update", "create"}, &order).ok());
}

TEST(ParsePlan, DiffsNestedValuesWithThePathSyntax) {
  auto plan = ParsePlanCopy(MinimalPlan(Change(
      R"(["update"])",
      R"({"tags":{"team":"a","kubernetes.io/name":"x"},"rules":[{"port":22}],"same":{"k":1}})",
      R"({"tags":{"team":"b","kubernetes.io/name":"y"},"rules":[{"port":443}],"same":{"k":1}})")));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  const ResourceChange& rc = plan->resource_changes.at(0);
  EXPECT_EQ(rc.action, Action::kUpdate);
  EXPECT_EQ(Paths(rc),
            (std::vector<std::string>{
                "rules[0].port", "tags[\"kubernetes.io/name\"]", "tags.team"}));
  EXPECT_EQ(rc.diff[0].before.as_int64(), 22);
  EXPECT_EQ(rc.diff[0].after.as_int64(), 443);
}

TEST(ParsePlan, AbsentEqualsNullButEmptyContainersDiffer) {
  auto plan = ParsePlanCopy(
      MinimalPlan(Change(R"(["update"])", R"({"a":null,"tags":null,"l":[]})",
                         R"({"tags":{},"l":[]})")));
  ASSERT_TRUE(plan.ok());
  // a: null -> absent is no change; tags: null -> {} is (Terraform shows it).
  EXPECT_EQ(Paths(plan->resource_changes[0]),
            (std::vector<std::string>{"tags"}));
}

TEST(ParsePlan, MarksUnknownAndSensitivePaths) {
  auto plan = ParsePlanCopy(MinimalPlan(Change(
      R"(["update"])", R"({"password":"old","id":"i-1","arn":"a"})",
      R"({"password":"new","id":"i-1"})",
      R"(,"after_unknown":{"arn":true},"before_sensitive":{"password":true},)"
      R"("after_sensitive":{"password":true})")));
  ASSERT_TRUE(plan.ok());
  const ResourceChange& rc = plan->resource_changes[0];
  ASSERT_EQ(Paths(rc), (std::vector<std::string>{"arn", "password"}));
  EXPECT_TRUE(rc.diff[0].unknown);
  EXPECT_FALSE(rc.diff[0].after.valid());  // unknown: no after value
  EXPECT_TRUE(rc.diff[1].sensitive);
  EXPECT_EQ(rc.sensitive_paths, (std::vector<std::string>{"password"}));
  EXPECT_EQ(rc.unknown_paths, (std::vector<std::string>{"arn"}));
}

TEST(ParsePlan, CreateListsEveryLeafAndReplaceKeepsItsOrder) {
  auto plan = ParsePlanCopy(MinimalPlan(
      Change(R"(["create"])", "null", R"({"name":"x","tags":{"a":"1"}})") +
      "," +
      Change(R"(["create","delete"])", R"({"name":"x"})", R"({"name":"y"})",
             R"(,"replace_paths":[["name"],["rules",0,"port"]])")));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(Paths(plan->resource_changes[0]),
            (std::vector<std::string>{"name", "tags.a"}));
  const ResourceChange& rep = plan->resource_changes[1];
  EXPECT_EQ(rep.action, Action::kReplace);
  EXPECT_EQ(rep.replace_order, ReplaceOrder::kCreateBeforeDelete);
  EXPECT_EQ(rep.replace_paths,
            (std::vector<std::string>{"name", "rules[0].port"}));
}

TEST(ParsePlan, KeepsUnknownFieldsReachable) {
  std::string text = R"({"format_version":"1.2","future_field":{"x":[1,2]},)"
                     R"("prior_state":{"values":{}},"resource_changes":[]})";
  auto plan = ParsePlanCopy(text);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->field_names(),
            (std::vector<std::string>{"format_version", "future_field",
                                      "prior_state", "resource_changes"}));
  auto future = plan->Section("future_field");
  ASSERT_TRUE(future.ok()) << future.status().ToString();
  EXPECT_EQ(future->root().ToJson(), R"({"x":[1,2]})");
  // Offsets stay relative to the whole plan.
  EXPECT_EQ(future->root().offset(), text.find("{\"x\""));
  EXPECT_EQ(plan->Section("nope").status().code(), StatusCode::kNotFound);
}

TEST(ParsePlan, WithoutRetainedValuesStillDiffs) {
  ParsePlanOptions options;
  options.retain_values = false;
  auto plan = ParsePlanCopy(
      MinimalPlan(Change(R"(["update"])", R"({"a":1})", R"({"a":2})")),
      options);
  ASSERT_TRUE(plan.ok());
  const ResourceChange& rc = plan->resource_changes[0];
  EXPECT_EQ(Paths(rc), (std::vector<std::string>{"a"}));
  EXPECT_FALSE(rc.raw.valid());
  EXPECT_FALSE(rc.diff[0].before.valid());
}

TEST(ParsePlan, ErrorsNameTheFieldAndOffset) {
  std::string text =
      MinimalPlan(R"({"address":"a.b","change":{"actions":"update"}})");
  auto plan = ParsePlanCopy(text);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().json_path(), "resource_changes[0].change.actions");
  EXPECT_EQ(plan.status().offset(), text.find("\"update\""));

  auto bad_action = ParsePlanCopy(
      MinimalPlan(R"({"address":"a.b","change":{"actions":["explode"]}})"));
  ASSERT_FALSE(bad_action.ok());
  EXPECT_NE(bad_action.status().message().find("explode"), std::string::npos);

  auto future = ParsePlanCopy(R"({"format_version":"2.0"})");
  EXPECT_EQ(future.status().code(), StatusCode::kUnimplemented);

  auto state = ParsePlanCopy(R"({"version":4,"lineage":"x","resources":[]})");
  ASSERT_FALSE(state.ok());
  EXPECT_NE(state.status().message().find("state"), std::string::npos);

  // Terraform's other -json outputs have a format_version but none of a
  // plan's sections: refused and named, never read as "nothing changes".
  const std::pair<const char*, const char*> not_plans[] = {
      {R"({"format_version":"1.0","provider_schemas":{}})",
       "looks like a provider schema"},
      {R"({"format_version":"1.0","valid":true,"diagnostics":[]})",
       "looks like validation output"},
      {R"({"format_version":"1.0","function_signatures":{}})",
       "looks like a functions list"},
      {R"({"format_version":"1.0","values":{"root_module":{}}})",
       "looks like a Terraform state"},
      {R"({"format_version":"1.0","terraform_version":"1.9.0"})",
       "none of a plan's sections"},
  };
  for (const auto& [input, words] : not_plans) {
    auto refused = ParsePlanCopy(input);
    ASSERT_FALSE(refused.ok()) << input;
    EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(refused.status().message().find(words), std::string::npos)
        << refused.status().message();
    EXPECT_EQ(refused.status().json_path(), "format_version");
  }

  auto truncated =
      ParsePlanCopy(R"({"format_version":"1.2","resource_changes":[{)");
  ASSERT_FALSE(truncated.ok());

  auto not_object = ParsePlanCopy("[1,2]");
  ASSERT_FALSE(not_object.ok());
}

// The basic-aws scenario: real Terraform 1.11 against a local AWS API, after
// a person changed a bucket tag and opened SSH to the world.
TEST(ScenarioBasicAws, RefreshPlanDriftHasTheExactChangedPaths) {
  auto plan =
      ParsePlan(ReadShared("corpus/scenarios/basic-aws/refresh-plan.json"));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_TRUE(plan->resource_changes.empty());
  std::map<std::string, std::vector<std::string>> got;
  for (const ResourceChange& rc : plan->resource_drift)
    got[rc.address] = Paths(rc);
  std::map<std::string, std::vector<std::string>> want = {
      {"aws_dynamodb_table.items", {"tags"}},
      {"aws_iam_role.app", {"tags"}},
      {"aws_s3_bucket.logs", {"tags", "tags.owner", "tags_all.owner"}},
      {"aws_security_group.web",
       {"ingress[0].from_port", "ingress[0].to_port",
        "ingress[1].cidr_blocks[0]", "ingress[1].description",
        "ingress[1].from_port", "ingress[1].ipv6_cidr_blocks",
        "ingress[1].prefix_list_ids", "ingress[1].protocol",
        "ingress[1].security_groups", "ingress[1].self", "ingress[1].to_port",
        "tags"}},
      {"aws_sqs_queue.jobs", {"tags"}},
      {"aws_subnet.app[0]", {"tags"}},
      {"aws_subnet.app[1]", {"tags"}},
  };
  EXPECT_EQ(got, want);
  const ResourceChange* sg =
      Find(plan->resource_drift, "aws_security_group.web");
  ASSERT_NE(sg, nullptr);
  EXPECT_EQ(sg->diff[2].after.as_string(), "0.0.0.0/0");
}

TEST(ScenarioBasicAws, PlanUndoesTheDrift) {
  auto plan = ParsePlan(ReadShared("corpus/scenarios/basic-aws/plan.json"));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  std::map<std::string, Action> actions;
  for (const ResourceChange& rc : plan->resource_changes)
    actions[rc.address] = rc.action;
  EXPECT_EQ(actions["aws_s3_bucket.logs"], Action::kUpdate);
  EXPECT_EQ(actions["aws_security_group.web"], Action::kUpdate);
  EXPECT_EQ(actions["aws_vpc.main"], Action::kNoOp);
  const ResourceChange* bucket =
      Find(plan->resource_changes, "aws_s3_bucket.logs");
  ASSERT_NE(bucket, nullptr);
  EXPECT_EQ(Paths(*bucket),
            (std::vector<std::string>{"tags", "tags.owner", "tags_all.owner"}));
}

TEST(CorpusPlans, ReplaceAndActionReasonFromTerraformGoldens) {
  auto plan = ParsePlan(
      ReadShared("corpus/plans/terraform/requires-replace__output.json"));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_FALSE(plan->resource_changes.empty());
  const ResourceChange& rc = plan->resource_changes[0];
  EXPECT_EQ(rc.action, Action::kReplace);
  EXPECT_EQ(rc.replace_order, ReplaceOrder::kDeleteBeforeCreate);
  EXPECT_EQ(rc.action_reason, "replace_because_cannot_update");
  EXPECT_FALSE(rc.replace_paths.empty());
}

TEST(CorpusPlans, MovedResourcesKeepTheirPreviousAddress) {
  auto plan =
      ParsePlan(ReadShared("corpus/plans/terraform/moved__output.json"));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  bool found = false;
  for (const ResourceChange& rc : plan->resource_changes) {
    if (!rc.previous_address.empty()) found = true;
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace dw

namespace dw {
namespace {

std::vector<std::string> Flatten(const std::vector<ResourceChange>& list) {
  std::vector<std::string> out;
  for (const ResourceChange& rc : list) {
    out.push_back(rc.address + " " + std::string(ActionName(rc.action)));
    for (const AttributeChange& c : rc.diff) out.push_back("  " + c.path_text);
  }
  return out;
}

// Threads and streaming change how a plan is read, never what is read.
TEST(ParsePlan, ThreadsAndStreamingGiveTheSameResultInOrder) {
  std::string text = ::dw::testing::ReadShared(
      "corpus/plans/infracost/terraform_v0.14_plan.json");
  auto serial = ParsePlanCopy(text);
  ASSERT_TRUE(serial.ok()) << serial.status().ToString();
  ASSERT_GT(serial->resource_changes.size(), 10u);
  for (int threads : {0, 2, 4}) {
    ParsePlanOptions options;
    options.threads = threads;
    auto parallel = ParsePlanCopy(text, options);
    ASSERT_TRUE(parallel.ok());
    EXPECT_EQ(Flatten(parallel->resource_changes),
              Flatten(serial->resource_changes));
    EXPECT_EQ(Flatten(parallel->resource_drift),
              Flatten(serial->resource_drift));

    std::vector<ResourceChange> streamed;
    options.retain_values = false;
    options.on_change = [&streamed](const ResourceChange& rc, bool drift) {
      if (!drift) streamed.push_back(rc);
      return OkStatus();
    };
    auto stream = ParsePlanCopy(text, options);
    ASSERT_TRUE(stream.ok());
    EXPECT_TRUE(stream->resource_changes.empty());
    EXPECT_EQ(Flatten(streamed), Flatten(serial->resource_changes));
  }
}

TEST(ParsePlan, OnChangeErrorStopsParsing) {
  ParsePlanOptions options;
  int calls = 0;
  options.on_change = [&calls](const ResourceChange&, bool) {
    ++calls;
    return Status(StatusCode::kCancelled, "enough");
  };
  auto plan = ParsePlanCopy(
      MinimalPlan(Change(R"(["update"])", R"({"a":1})", R"({"a":2})") + "," +
                  Change(R"(["update"])", R"({"a":1})", R"({"a":3})")),
      options);
  EXPECT_EQ(plan.status().code(), StatusCode::kCancelled);
  EXPECT_EQ(calls, 1);
}

TEST(ParsePlan, UnorderedStreamingHandsOverEveryChangeWithItsIndex) {
  std::string text = ::dw::testing::ReadShared(
      "corpus/plans/infracost/terraform_v0.14_plan.json");
  auto serial = ParsePlanCopy(text);
  ASSERT_TRUE(serial.ok()) << serial.status().ToString();
  const std::vector<std::string> expected = Flatten(serial->resource_changes);
  for (int threads : {1, 2, 4}) {
    ParsePlanOptions options;
    options.threads = threads;
    options.retain_values = false;
    std::mutex mu;
    std::map<std::uint32_t, ResourceChange> by_index;
    options.on_change_unordered = [&](const ResourceChange& rc, bool drift,
                                      std::uint32_t index) {
      std::lock_guard<std::mutex> lock(mu);
      if (!drift) {
        EXPECT_TRUE(by_index.emplace(index, rc).second) << index;
      }
      return OkStatus();
    };
    auto plan = ParsePlanCopy(text, options);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    EXPECT_TRUE(plan->resource_changes.empty());
    std::vector<ResourceChange> in_order;
    for (auto& [index, rc] : by_index) {
      EXPECT_EQ(index, in_order.size());
      in_order.push_back(rc);
    }
    EXPECT_EQ(Flatten(in_order), expected) << threads << " threads";
  }
}

TEST(ParsePlan, UnorderedStreamingReportsTheFirstFailureInInputOrder) {
  std::string changes;
  for (int i = 0; i < 600; ++i) {
    if (i) changes += ",";
    changes += Change(R"(["update"])", R"({"a":1})",
                      "{\"a\":" + std::to_string(i + 2) + "}");
  }
  for (int threads : {1, 3}) {
    ParsePlanOptions options;
    options.threads = threads;
    options.on_change_unordered = [](const ResourceChange& rc, bool,
                                     std::uint32_t index) {
      if (index == 100 || index == 500) {
        return Status(StatusCode::kCancelled,
                      "stop at " + rc.address + std::to_string(index));
      }
      return OkStatus();
    };
    auto plan = ParsePlanCopy(MinimalPlan(changes), options);
    ASSERT_EQ(plan.status().code(), StatusCode::kCancelled);
    EXPECT_NE(plan.status().message().find("100"), std::string::npos)
        << plan.status().ToString();
  }
}

TEST(ParsePlan,
     UnorderedStreamingHandsEachChangeOverOnceWhenTheFastPassGivesUp) {
  // The fast first pass feeds changes to the parsing threads as it finds
  // them, then gives up at a null resource_drift (valid, but its kind only
  // the On-Demand reader takes): the changes it fed must not come twice.
  std::string changes;
  for (int i = 0; i < 300; ++i) {
    if (i) changes += ",";
    changes += Change(R"(["update"])", R"({"a":1})",
                      "{\"a\":" + std::to_string(i + 2) + "}");
  }
  const std::string text = R"({"format_version":"1.2","resource_changes":[)" +
                           changes + R"(],"resource_drift":null})";
  for (int threads : {1, 2, 4}) {
    ParsePlanOptions options;
    options.threads = threads;
    std::mutex mu;
    std::vector<int> calls(300, 0);
    options.on_change_unordered = [&](const ResourceChange&, bool,
                                      std::uint32_t index) {
      std::lock_guard<std::mutex> lock(mu);
      ++calls.at(index);
      return OkStatus();
    };
    auto plan = ParsePlanCopy(text, options);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    for (int i = 0; i < 300; ++i) {
      ASSERT_EQ(calls[static_cast<std::size_t>(i)], 1)
          << "change " << i << ", " << threads << " threads";
    }
  }
  // An entry that is not an object stops the fast pass too; the error
  // names it, whatever was handed over before.
  ParsePlanOptions options;
  options.threads = 2;
  options.on_change_unordered = [](const ResourceChange&, bool, std::uint32_t) {
    return OkStatus();
  };
  auto bad = ParsePlanCopy(
      R"({"format_version":"1.2","resource_changes":[)" + changes + ",7]}",
      options);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().json_path(), "resource_changes[300]")
      << bad.status().ToString();
}

TEST(ParsePlan, TakesOneKindOfStreamingCallbackOnly) {
  ParsePlanOptions options;
  options.on_change = [](const ResourceChange&, bool) { return OkStatus(); };
  options.on_change_unordered = [](const ResourceChange&, bool, std::uint32_t) {
    return OkStatus();
  };
  auto plan = ParsePlanCopy(MinimalPlan(""), options);
  EXPECT_EQ(plan.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(plan.status().message().find("not both"), std::string::npos);
}

TEST(ParsePlan, TheFirstBadChangeIsReportedWhateverTheThreads) {
  std::string changes;
  for (int i = 0; i < 600; ++i) {
    if (i) changes += ",";
    changes += i == 300   ? R"("not an object")"
               : i == 450 ? R"({"address":"x.y","change":{"actions":[1]}})"
                          : Change(R"(["update"])", R"({"a":1})", R"({"a":2})");
  }
  for (int threads : {1, 3}) {
    ParsePlanOptions options;
    options.threads = threads;
    auto plan = ParsePlanCopy(MinimalPlan(changes), options);
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(plan.status().json_path(), "resource_changes[300]");
  }
}

}  // namespace
}  // namespace dw

namespace dw {
namespace {

TEST(ParsePlan, ReadsDeferredChanges) {
  auto plan = ParsePlanCopy(
      R"({"format_version":"1.2","resource_changes":[],"deferred_changes":[)"
      R"({"reason":"provider_config_unknown","resource_change":)" +
      Change(R"(["create"])", "null", R"({"name":"x"})") + "}]}");
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->deferred_changes.size(), 1u);
  EXPECT_EQ(plan->deferred_changes[0].reason, "provider_config_unknown");
  EXPECT_EQ(plan->deferred_changes[0].change.action, Action::kCreate);
  EXPECT_EQ(plan->deferred_changes[0].change.after().Get("name").as_string(),
            "x");

  auto bad = ParsePlanCopy(
      R"({"format_version":"1.2","deferred_changes":[{"reason":"r"}]})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().json_path(), "deferred_changes[0].resource_change");
}

}  // namespace
}  // namespace dw

namespace dw {
namespace {

// Terraform numbers are arbitrary precision; JSON integers over 64 bits
// must not make a valid plan unreadable.
TEST(ParsePlan, KeepsIntegersBeyondSixtyFourBits) {
  auto plan = ParsePlanCopy(
      MinimalPlan(Change(R"(["update"])", R"({"n":12345678901234567890123})",
                         R"({"n":12345678901234567890124})")));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  const AttributeChange& c = plan->resource_changes[0].diff.at(0);
  EXPECT_EQ(c.path_text, "n");
  EXPECT_EQ(c.after.number_text(), "12345678901234567890124");
  auto doc = JsonDocument::Parse(R"({"big":-98765432109876543210987})");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->root().Get("big").number_text(), "-98765432109876543210987");
}

TEST(ParsePlan, SpansExcludeTrailingWhitespaceAndNullListsAreEmpty) {
  std::string text =
      "{\"format_version\": \"1.2\",\n \"resource_drift\": null,\n"
      " \"resource_changes\": [\n  " +
      Change(R"(["update"])", R"({"a":1})", R"({"a":2})") + "  \n ]\n}\n";
  auto plan = ParsePlanCopy(text);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  const ResourceChange& rc = plan->resource_changes.at(0);
  EXPECT_EQ(text.substr(rc.offset, rc.length).back(), '}');
  EXPECT_EQ(text[rc.offset], '{');
  auto drift = plan->Section("resource_drift");
  ASSERT_TRUE(drift.ok()) << drift.status().ToString();
  EXPECT_TRUE(drift->root().is_null());
  auto changes = plan->Section("resource_changes");
  ASSERT_TRUE(changes.ok()) << changes.status().ToString();
  EXPECT_EQ(changes->root().size(), 1u);

  auto wrong =
      ParsePlanCopy(R"({"format_version":"1.2","resource_changes":42})");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("found number"), std::string::npos);
}

}  // namespace
}  // namespace dw
