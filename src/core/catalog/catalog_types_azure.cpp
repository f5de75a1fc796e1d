// File: src/core/catalog/catalog_types_azure.cpp
//
// AzureRM types. Cloud type names are ARM resource types (Resource Graph
// returns them lower-cased; lookups ignore case). Identity is the ARM ID,
// compared case-insensitively because Azure returns it in varying case.
#include <array>

#include "catalog/catalog_data.hpp"

namespace dw {
inline namespace v1 {
namespace catalog_data {

namespace {

constexpr auto kAzure = std::to_array<TypeRow>({
    Az("azurerm_resource_group",
       "Microsoft.Resources/resourceGroups|"
       "Microsoft.Resources/subscriptions/resourceGroups"),
    Az("azurerm_virtual_network", "Microsoft.Network/virtualNetworks", {},
       "address_space,dns_servers,subnet"),
    Az("azurerm_subnet", "Microsoft.Network/virtualNetworks/subnets", {},
       "address_prefixes,service_endpoints"),
    Az("azurerm_network_security_group",
       "Microsoft.Network/networkSecurityGroups", {}, "security_rule"),
    Az("azurerm_network_security_rule",
       "Microsoft.Network/networkSecurityGroups/securityRules", {},
       "source_address_prefixes,destination_address_prefixes,"
       "destination_port_ranges,source_port_ranges"),
    Az("azurerm_network_interface", "Microsoft.Network/networkInterfaces"),
    Az("azurerm_public_ip", "Microsoft.Network/publicIPAddresses", {}, "zones"),
    Az("azurerm_lb", "Microsoft.Network/loadBalancers"),
    Az("azurerm_lb_rule", "Microsoft.Network/loadBalancers/loadBalancingRules"),
    Az("azurerm_route_table", "Microsoft.Network/routeTables", {}, "route"),
    Az("azurerm_nat_gateway", "Microsoft.Network/natGateways"),
    Az("azurerm_application_gateway", "Microsoft.Network/applicationGateways"),
    Az("azurerm_firewall", "Microsoft.Network/azureFirewalls"),
    Az("azurerm_private_endpoint", "Microsoft.Network/privateEndpoints"),
    Az("azurerm_virtual_network_gateway",
       "Microsoft.Network/virtualNetworkGateways"),
    Az("azurerm_bastion_host", "Microsoft.Network/bastionHosts"),
    Az("azurerm_dns_zone", "Microsoft.Network/dnszones"),
    Az("azurerm_private_dns_zone", "Microsoft.Network/privateDnsZones"),
    Az("azurerm_private_dns_a_record", "Microsoft.Network/privateDnsZones/A",
       {}, "records"),
    Az("azurerm_private_dns_aaaa_record",
       "Microsoft.Network/privateDnsZones/AAAA", {}, "records"),
    Az("azurerm_private_dns_cname_record",
       "Microsoft.Network/privateDnsZones/CNAME"),
    Az("azurerm_private_dns_mx_record", "Microsoft.Network/privateDnsZones/MX",
       {}, "record"),
    Az("azurerm_private_dns_ptr_record",
       "Microsoft.Network/privateDnsZones/PTR", {}, "records"),
    Az("azurerm_private_dns_srv_record",
       "Microsoft.Network/privateDnsZones/SRV", {}, "record"),
    Az("azurerm_private_dns_txt_record",
       "Microsoft.Network/privateDnsZones/TXT", {}, "record"),
    Az("azurerm_linux_virtual_machine", "Microsoft.Compute/virtualMachines",
       "azurerm_linux_virtual_machine"),
    Az("azurerm_windows_virtual_machine", "Microsoft.Compute/virtualMachines",
       "azurerm_linux_virtual_machine"),
    Az("azurerm_virtual_machine", "Microsoft.Compute/virtualMachines",
       "azurerm_linux_virtual_machine"),
    Az("azurerm_linux_virtual_machine_scale_set",
       "Microsoft.Compute/virtualMachineScaleSets"),
    Az("azurerm_windows_virtual_machine_scale_set",
       "Microsoft.Compute/virtualMachineScaleSets",
       "azurerm_linux_virtual_machine_scale_set"),
    Az("azurerm_managed_disk", "Microsoft.Compute/disks"),
    Az("azurerm_availability_set", "Microsoft.Compute/availabilitySets"),
    Az("azurerm_ssh_public_key", "Microsoft.Compute/sshPublicKeys"),
    Az("azurerm_storage_account", "Microsoft.Storage/storageAccounts"),
    Az("azurerm_key_vault", "Microsoft.KeyVault/vaults"),
    Az("azurerm_kubernetes_cluster",
       "Microsoft.ContainerService/managedClusters"),
    Az("azurerm_container_registry", "Microsoft.ContainerRegistry/registries"),
    Az("azurerm_mssql_server", "Microsoft.Sql/servers"),
    Az("azurerm_mssql_database", "Microsoft.Sql/servers/databases"),
    Az("azurerm_postgresql_flexible_server",
       "Microsoft.DBforPostgreSQL/flexibleServers"),
    Az("azurerm_mysql_flexible_server", "Microsoft.DBforMySQL/flexibleServers"),
    Az("azurerm_cosmosdb_account", "Microsoft.DocumentDB/databaseAccounts"),
    Az("azurerm_redis_cache", "Microsoft.Cache/Redis"),
    Az("azurerm_service_plan", "Microsoft.Web/serverFarms"),
    Az("azurerm_linux_web_app", "Microsoft.Web/sites"),
    Az("azurerm_windows_web_app", "Microsoft.Web/sites",
       "azurerm_linux_web_app"),
    Az("azurerm_linux_function_app", "Microsoft.Web/sites",
       "azurerm_linux_web_app"),
    Az("azurerm_windows_function_app", "Microsoft.Web/sites",
       "azurerm_linux_web_app"),
    Az("azurerm_log_analytics_workspace",
       "Microsoft.OperationalInsights/workspaces"),
    Az("azurerm_application_insights", "Microsoft.Insights/components"),
    Az("azurerm_user_assigned_identity",
       "Microsoft.ManagedIdentity/userAssignedIdentities"),
    Az("azurerm_role_assignment", "Microsoft.Authorization/roleAssignments"),
    Az("azurerm_eventhub_namespace", "Microsoft.EventHub/namespaces"),
    Az("azurerm_servicebus_namespace", "Microsoft.ServiceBus/namespaces"),
    Az("azurerm_recovery_services_vault", "Microsoft.RecoveryServices/vaults"),
});

}  // namespace

std::span<const TypeRow> AzureTypes() { return kAzure; }

}  // namespace catalog_data
}  // namespace v1
}  // namespace dw
