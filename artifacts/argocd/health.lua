-- Argo CD health of every federated kind (federation.k8s.io/v1beta1), for each argocd-cm key
-- resource.customizations.health.federation.k8s.io_<Kind>. It reads the conditions the
-- federation publishes: a status that has not observed the object's generation is
-- Progressing, Stalled=True is Degraded, Ready=True is Healthy once Available (published
-- for workloads only) is True too, anything else is Progressing. A paused Deployment template
-- is Suspended, as Argo CD's own Deployment check says, and so is a suspended Job template
-- whose members have not all completed (Argo CD's Job check). Only Lua's base and table libraries
-- are used: Argo CD runs argocd-cm scripts without the string library unless useOpenLibs is
-- set.
local hs = {}

local function condition(conditionType)
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function messageOf(c, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return c.message
  end
  return fallback
end

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the federation to report status"
  return hs
end

local generation = (obj.metadata ~= nil and obj.metadata.generation) or 0
local observed = obj.status.observedGeneration or 0
if observed < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the federation to observe the new generation (" .. generation .. "; observed " .. observed .. ")"
  return hs
end

local stalled = condition("Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = messageOf(stalled, "Propagation is stalled")
  return hs
end

if obj.spec ~= nil and obj.spec.template ~= nil and obj.spec.template.spec ~= nil and obj.spec.template.spec.paused == true then
  hs.status = "Suspended"
  hs.message = "The Deployment template is paused"
  return hs
end

local complete = condition("Complete")
if obj.spec ~= nil and obj.spec.template ~= nil and obj.spec.template.spec ~= nil and obj.spec.template.spec.suspend == true and
  (complete == nil or complete.status ~= "True") then
  hs.status = "Suspended"
  hs.message = "The Job template is suspended"
  return hs
end

local ready = condition("Ready")
local available = condition("Available")
if ready ~= nil and ready.status == "True" then
  if available == nil or available.status == "True" then
    hs.status = "Healthy"
    hs.message = messageOf(ready, "Ready")
    return hs
  end
  hs.status = "Progressing"
  hs.message = messageOf(available, "Waiting for the members' replicas to be available")
  return hs
end

hs.status = "Progressing"
hs.message = messageOf(condition("Reconciling"), messageOf(ready, "Waiting for the federation to report readiness"))
return hs
