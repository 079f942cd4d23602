// The cordon REST API: registers every /api/v1 route, /healthz and /api/openapi.json on a
// Router. Handlers translate JSON to service calls and results back to JSON; rules live
// in service/ and core/.
#pragma once

#include "http/router.h"
#include "service/assist.h"
#include "service/arrivals.h"
#include "service/audit.h"
#include "service/auth.h"
#include "service/cases.h"
#include "service/chains.h"
#include "service/dashboard.h"
#include "service/context.h"
#include "service/lab_tests.h"
#include "service/orders.h"
#include "service/persons.h"
#include "service/places.h"
#include "service/policies.h"
#include "service/followups.h"
#include "service/exposures.h"
#include "service/sites.h"
#include "service/reports.h"
#include "service/screening.h"
#include "service/tasks.h"
#include "service/transfers.h"

namespace cordon::http {

struct ApiServices {
  service::AuthService& auth;
  service::PlaceService& places;
  service::PersonService& persons;
  service::AuditService& audit;
  service::OrderService& orders;
  service::PolicyService& policies;
  service::RiskAreaService& risk_areas;
  service::ArrivalService& arrivals;
  service::LabService& labs;
  service::SiteService& sites;
  service::FollowUpService& followups;
  service::CaseService& cases;
  service::ExposureService& exposures;
  service::ChainService& chains;
  service::TaskService& tasks;
  service::ReportService& reports;
  service::AssistService& assist;
  service::ScreeningService& screening;
  service::EventBus& events;
  service::DashboardService& dashboard;
  service::TransferService& transfers;
};

// Registers all routes. The services must outlive the router. Every route but the
// public ones authenticates its caller and checks the permission it declares
// (core/permissions.h) before its handler runs.
void register_api(Router& router, ApiServices services);

}  // namespace cordon::http
